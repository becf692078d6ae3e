"""The one error type a user may see: a one-line Korean message, never a traceback."""


def one_line(message: str) -> str:
    """A message as one printable line: typed control characters (a newline in a CSV cell) show as '?'."""
    return "".join(ch if ch.isprintable() else "?" for ch in message)


class WardError(Exception):
    """A refusal with a message for the user (the CLI prints it and exits with status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StorageError(WardError):
    """The database could not be reached, read or written (a moved or damaged file, a full or
    read-only disk, a lost server): nothing the user did was wrong, and it may come back."""
