"""The error family of edition: every problem a user can cause ends as one line.

Library code raises these; only ``cli.py`` turns them into an exit status. Each
message names the file and, where known, the line and column, so editors can
jump to the place in their editor.
"""

from __future__ import annotations

import click


class EditionError(click.ClickException):
    """A problem the user can fix; printed as one line, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.detail = message
        super().__init__(format_location(path, line, column) + message)

    def show(self, file=None) -> None:  # one line, no "Error:" prefix noise
        click.echo(f"edition: {self.format_message()}", err=True, file=file)


def format_location(path: str | None, line: int | None, column: int | None) -> str:
    """``path:line:col: `` with the parts that are known."""
    parts = [p for p in (path, line, column) if p is not None]
    return ":".join(str(p) for p in parts) + ": " if parts else ""


class SourceError(EditionError):
    """The transcript cannot be read or parsed as a transcript."""


class DoubtError(EditionError):
    """Strict conversion: the converter was unsure who speaks somewhere (the warnings say where)."""


class ConfigError(EditionError):
    """A project file, metadata file or editorial file is wrong."""


class SchemaError(EditionError):
    """A schema the tool needs is missing or unusable (exit status 2)."""

    exit_code = 2


class ValidationFailed(EditionError):
    """A document is not valid; the problems have been reported already."""


class RenderError(EditionError):
    """A stylesheet or a renderer failed."""
