"""The package's exception family.

Every error a user can cause is a :class:`SafetyStatsError`.  Messages name the
file, row and column where there is one, and say how to fix the input.  The
command-line interface prints these messages without a traceback and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "SafetyStatsError",
    "InputError",
    "ValidationError",
    "InsufficientDataError",
    "ParameterError",
    "DataWarning",
]


class SafetyStatsError(Exception):
    """Base class of every error raised on purpose by safetystats."""


class DataWarning(UserWarning):
    """Something in the input was skipped or looks odd; the data were still read."""


class ParameterError(SafetyStatsError, ValueError):
    """An argument has a value the function cannot use (names the valid ones)."""


class InputError(SafetyStatsError, ValueError):
    """A file or value cannot be read.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    file, row, column : optional
        Where the problem is.  ``row`` is the row number as it is in the source
        file (1 = the header line of a CSV file).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        where = []
        if file is not None:
            where.append(f"{file}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class InsufficientDataError(SafetyStatsError, ValueError):
    """A method needs more periods (or non-zero counts) than it was given."""

    def __init__(self, method: str, *, needed: int, got: int, what: str = "periods") -> None:
        self.method = method
        self.needed = needed
        self.got = got
        super().__init__(
            f"{method} needs at least {needed} {what}, got {got}. "
            f"Add more {what} or choose a simpler method."
        )


class ValidationError(SafetyStatsError, ValueError):
    """A frame failed its schema; ``problems`` lists every failing cell.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``file, row, column, value, problem``.
    kind : str
        The schema that was checked (``accidents``, ``training`` …).
    """

    def __init__(self, problems: pd.DataFrame, *, kind: str, file: str | None = None) -> None:
        self.problems = problems.reset_index(drop=True)
        self.kind = kind
        self.file = file
        super().__init__(self._format())

    def _format(self) -> str:
        n = len(self.problems)
        src = f" in {self.file}" if self.file else ""
        head = f"{n} problem{'s' if n != 1 else ''} found{src} (schema: {self.kind}):"
        return "\n".join([head, *format_problem_lines(self.problems.itertuples(index=False))])


def format_problem_lines(rows: Iterable) -> list[str]:
    """Render problem rows (``file, row, column, value, problem``) as text lines."""
    lines = []
    for p in rows:
        where = []
        if getattr(p, "row", None) is not None and not pd.isna(p.row):
            where.append(f"row {int(p.row)}")
        if getattr(p, "column", None) is not None and not pd.isna(p.column):
            where.append(f"column {p.column!r}")
        value = getattr(p, "value", None)
        val = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else f" value {value!r}:"
        lines.append(f"  - {', '.join(where) or 'file'}:{val} {p.problem}")
    return lines
