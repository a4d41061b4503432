"""People who sign in, and the keys marketing tools use to read the API."""

from accounts.models.api_keys import KEY_PREFIX, ApiKey, Scope
from accounts.models.users import User, UserManager

__all__ = ["KEY_PREFIX", "ApiKey", "Scope", "User", "UserManager"]
