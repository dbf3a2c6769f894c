"""The ``safetystats`` command line.

Each sub-command lives in its own module in this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` (called with
the parsed arguments, returning the exit code).  The CLI holds no logic of its
own: it parses arguments and calls the public API.

Exit codes: 0 success, 1 a consistency check failed, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from ..errors import SafetyStatsError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command module found in this package."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="safetystats",
        description="Statistics and consistency checks for safety-metric time series.",
    )
    parser.add_argument("--version", action="version", version=f"safetystats {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f".{info.name}", __name__)
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 check failed, 2 bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except SafetyStatsError as exc:
        print(f"safetystats: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
        name = getattr(exc, "filename", None)
        print(f"safetystats: error: {exc.strerror or exc}: {name}" if name else f"safetystats: error: {exc}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("safetystats: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `safetystats check … | head`
        return 0


def _entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
