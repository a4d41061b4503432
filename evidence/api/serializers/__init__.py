"""How each kind of published content looks in the API (read-only)."""
