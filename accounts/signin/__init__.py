"""Staff sign-in: the admin site that asks for a second factor, two-factor setup, and lockout after failures."""
