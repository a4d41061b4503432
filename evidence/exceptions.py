"""The two ways a workflow move is refused, as Django's own exception types.

An impossible move (wrong status, missing comment, unpublished links) is a
`ValidationError`; a forbidden one (wrong role, the four-eyes rule) is
`PermissionDenied`. The admin, DRF and tests handle both natively; each
carries a message a writer or reviewer can act on and a stable `code`.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(ValidationError):
    """A move that cannot be made from where the item stands."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message, code=code)


class NotAllowed(PermissionDenied):
    """A move this person may not make."""

    code = "permission_denied"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
