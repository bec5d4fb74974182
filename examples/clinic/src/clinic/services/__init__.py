"""Business rules. Every function takes the session first and commits what it changes."""
