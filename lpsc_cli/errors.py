"""Problems found in records (values) and conditions that stop a command (exceptions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict


class Severity(StrEnum):
    """How much a finding matters: errors fail `lpsc check`, warnings only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about the records.

    `file` is the path relative to the repository root (POSIX separators), `line` the 1-based
    line in that file (None until resolved, or when the file has no such place), `path` the
    location inside the YAML document, `record` the id of the record concerned, `obligation`
    the stable id of the obligation a finding of a rule is about (what `lpsc ack` takes).
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    path: JsonPath = field(default=())
    record: str | None = None
    obligation: str | None = None

    @property
    def pointer(self) -> str:
        """The path as a JSON pointer (`/attendance/3/member`), empty for the whole document."""
        return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in self.path)

    def to_row(self) -> tuple[object, ...]:
        """The finding as a tuple of plain values (for caches stored with `marshal`)."""
        return (
            self.code, self.severity.value, self.message, self.file, self.line, tuple(self.path), self.record,
            self.obligation,
        )  # fmt: skip

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Issue:
        """The finding stored by `to_row`."""
        code, severity, message, file, line, path, record, obligation = row
        return cls(code, Severity(severity), message, file, line, tuple(path), record, obligation)

    def at_line(self, line: int | None) -> Issue:
        """The same finding at `line` (built directly: `dataclasses.replace` costs five times as
        much, and a repository full of findings places tens of thousands of them)."""
        return Issue(self.code, self.severity, self.message, self.file, line, self.path, self.record, self.obligation)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file or "", self.line or 0, self.code, self.message)


class Where(TypedDict):
    """The file and record a group of findings is about, passed as `**where` to `error`."""

    file: str | None
    record: str | None


def error(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    path: JsonPath = (),
    record: str | None = None,
) -> Issue:
    """Shorthand for an error finding."""
    return Issue(code, Severity.ERROR, message, file, line, path, record)


def warning(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    path: JsonPath = (),
    record: str | None = None,
) -> Issue:
    """Shorthand for a warning finding."""
    return Issue(code, Severity.WARNING, message, file, line, path, record)


class LpscError(Exception):
    """A condition under which a command cannot go on. The CLI prints it and exits 1."""

    exit_code = 1


class ConfigurationError(LpscError):
    """No repository, or a missing or broken `lpsc.yaml`: exit 2."""

    exit_code = 2


class UsageError(LpscError):
    """Options that do not make sense together, or a value that cannot be understood: exit 2."""

    exit_code = 2


class RecordError(LpscError):
    """A record that cannot be written or found; carries the findings that explain why."""

    def __init__(self, message: str, issues: tuple[Issue, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues


class FileSystemError(LpscError):
    """The computer refused a file operation: a folder that cannot be written, a file open in
    another program, a read-only file or folder, a full disk (exit 2: nothing wrong with the
    records or with lpsc; the message names the path)."""

    exit_code = 2


#: Exit code of a failure that is a bug in lpsc (distinct from findings, 1, and usage, 2).
INTERNAL_ERROR_EXIT = 3
