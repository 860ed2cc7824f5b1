"""Domain rules. Every function takes the acting user's context and a session."""
