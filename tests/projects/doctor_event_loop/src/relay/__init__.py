"""An in-process message relay."""
