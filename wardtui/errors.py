"""The one error type a user may see: a one-line Korean message, never a traceback."""


class WardError(Exception):
    """A refusal with a message for the user (the CLI prints it and exits with status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
