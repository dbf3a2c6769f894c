"""Sphinx directives that generate parts of the safetystats docs from the code itself.

``safetystats-cli``
    The command-line reference, built from :func:`safetystats.cli.build_parser` (every
    sub-command module the CLI discovers, its description, usage and options), so the page
    cannot go stale.

``safetystats-run``
    Runs ``safetystats ARGS`` (``python -m safetystats``) in a fresh temporary folder while the
    docs are built and shows the command with its real output.  With ``:file: NAME`` the
    directive's content is written to that file first (and shown).  A non-zero exit code (other than
    the one given with ``:returncode:``) is a build warning, which ``make docs`` (``-W``) turns into
    an error: the getting-started page doubles as a test of the command.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

HELP_WIDTH = 96


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _formatter(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    """The parser's own formatter class, at a fixed width (the output must not depend on the terminal)."""
    return parser.formatter_class(prog=parser.prog, width=HELP_WIDTH, max_help_position=32)


def _usage(parser: argparse.ArgumentParser) -> str:
    fmt = _formatter(parser)
    fmt.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return fmt.format_help().strip()


def _option_list(parser: argparse.ArgumentParser) -> nodes.option_list | None:
    """Every argument of ``parser`` (positional first) as a docutils option list."""
    fmt = _formatter(parser)
    items = []
    actions = [a for a in parser._actions if not a.option_strings] + [a for a in parser._actions if a.option_strings]
    for action in actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        group = nodes.option_group()
        if action.option_strings:
            for opt in action.option_strings:
                option = nodes.option("", nodes.option_string(text=opt))
                if action.nargs != 0:
                    metavar = fmt._format_args(action, fmt._get_default_metavar_for_optional(action))
                    option += nodes.option_argument(text=metavar, delimiter=" ")
                group += option
        else:
            metavar = fmt._format_args(action, fmt._get_default_metavar_for_positional(action))
            group += nodes.option("", nodes.option_string(text=metavar))
        text = fmt._expand_help(action) if action.help else ""
        if action.required and action.option_strings:
            text = f"(required) {text}"
        items.append(nodes.option_list_item("", group, nodes.description("", nodes.paragraph(text=text))))
    return nodes.option_list("", *items) if items else None


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in sorted(action.choices.items()):
                out.append((name, helps.get(name, ""), sub))
    return out


class CliReference(SphinxDirective):
    """``safetystats-cli``: the whole command-line reference, generated from the argparse parsers."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from safetystats.cli import build_parser

        parser = build_parser()
        result: list[nodes.Node] = []
        commands = _subcommands(parser)
        summary = nodes.bullet_list()
        for name, helptext, _ in commands:
            para = nodes.paragraph()
            para += nodes.literal(text=f"safetystats {name}")
            para += nodes.Text(f": {helptext}")
            summary += nodes.list_item("", para)
        result.append(nodes.paragraph(text=f"{len(commands)} sub-commands:"))
        result.append(summary)
        result.append(nodes.literal_block(text=_usage(parser), language="text"))
        for name, helptext, sub in commands:
            section_id = _slug(f"safetystats {name}")
            section = nodes.section(ids=[section_id], names=[nodes.fully_normalize_name(f"safetystats {name}")])
            section += nodes.title("", "", nodes.literal(text=f"safetystats {name}"))
            if helptext:
                section += nodes.paragraph(text=helptext[:1].upper() + helptext[1:] + ".")
            if sub.description:
                section += nodes.paragraph(text=" ".join(sub.description.split()))
            section += nodes.literal_block(text=_usage(sub), language="text")
            options = _option_list(sub)
            if options is not None:
                section += options
            if sub.epilog:
                section += nodes.paragraph(text=" ".join(sub.epilog.split()))
            self.state.document.note_implicit_target(section, section)
            result.append(section)
        return result


class RunCommand(SphinxDirective):
    """``safetystats-run ARGS``: run ``safetystats ARGS`` now and show its output."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "file": directives.unchanged,
        "returncode": directives.nonnegative_int,
        "timeout": directives.positive_int,
        "prompt": directives.unchanged,  # shown instead of "$ safetystats ARGS"; "\\n" starts a new line
    }

    def run(self) -> list[nodes.Node]:
        args = shlex.split(self.arguments[0]) if self.arguments else []
        expected = self.options.get("returncode", 0)
        env = dict(os.environ, COLUMNS=str(HELP_WIDTH), PYTHONIOENCODING="utf-8", MPLBACKEND="Agg")
        env.pop("PYTHONWARNINGS", None)
        result: list[nodes.Node] = []
        with tempfile.TemporaryDirectory(prefix="safetystats-docs-") as tmp:
            if "file" in self.options:
                content = "\n".join(self.content) + "\n"
                (Path(tmp) / self.options["file"]).write_text(content, encoding="utf-8")
                result.append(nodes.paragraph("", "", nodes.literal(text=self.options["file"]), nodes.Text(":")))
                result.append(nodes.literal_block(text=content.rstrip(), language="text"))
            proc = subprocess.run(
                [sys.executable, "-m", "safetystats", *args],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self.options.get("timeout", 300),
                check=False,
            )
            output = (proc.stdout + proc.stderr).replace(tmp + os.sep, "").replace(tmp, ".")
        if proc.returncode != expected:
            logger.warning(
                "safetystats-run: `safetystats %s` exited with %s (expected %s):\n%s",
                " ".join(args), proc.returncode, expected, output[-3000:],
                location=self.get_location(),
            )
        default = "$ safetystats " + " ".join(a if re.fullmatch(r"[\w./:=@%+,-]+", a) else shlex.quote(a) for a in args)
        prompt = self.options.get("prompt", default).replace("\\n", "\n")
        text = f"{prompt}\n{output.rstrip()}"
        result.append(nodes.literal_block(text=text, language="console"))
        return result


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives."""
    app.add_directive("safetystats-cli", CliReference)
    app.add_directive("safetystats-run", RunCommand)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

