"""The helpdesk's ticket service."""
