class WorkflowError(Exception):
    """A refused workflow action, with a message a writer or reviewer can act on."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
