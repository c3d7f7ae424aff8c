"""The ``kg`` command: parses arguments, calls the library, prints.

Messages come from the library unchanged. Exit codes: 0 ok · 1 a check found problems · 2 bad input,
query or usage. Heavy modules are imported inside the commands, so ``kg --help`` stays quick.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import Any, TextIO

import click

from kg.cli import data, ontology, pages, query, remote


class _Group(click.Group):
    """Turns the library's errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from kg.errors import KGError

        try:
            with warnings.catch_warnings():
                warnings.showwarning = functools.partial(_show_warning, warnings.showwarning)
                return super().invoke(ctx)
        except KGError as e:
            from kg.errors import one_line

            click.echo(f"Error: {one_line(str(e))}", err=True)
            ctx.exit(e.exit_code)
        except click.UsageError as e:
            if "unexpected extra argument" not in e.message:
                raise
            hint = (
                "; commands that read data take the files last, as SOURCES "
                "(e.g. `kg query NAME FILE…`, `kg viz FILE…`); this one takes none"
            )
            raise click.UsageError(e.message + hint, e.ctx) from None
        except BrokenPipeError:  # e.g. `kg query … | head`
            sys.stderr.close()
            ctx.exit(0)
        except OSError as e:  # an input or output the system refused: one line, never a traceback
            from kg.files import describe_os_error

            click.echo(f"Error: {e.filename or 'output'}: {describe_os_error(e)}", err=True)
            ctx.exit(2)


def _show_warning(
    python_way: Callable[..., None],
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """The library's warnings (:class:`kg.errors.KGWarning`) as one line on stderr; others as Python
    shows them."""
    from kg.errors import KGWarning, one_line

    if issubclass(category, KGWarning):
        click.echo(f"Warning: {one_line(str(message))}", err=True)
    else:
        python_way(message, category, filename, lineno, file, line)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="genai-kg", prog_name="kg")
def main() -> None:
    """genai-kg: the GenAI ontology, SPARQL, reasoning, validation and graph pages.

    \b
    Example: kg tour
    """


for _command in (
    query.info,
    query.list_queries,
    query.query,
    query.reason,
    query.validate,
    data.export,
    data.load_store,
    data.generate,
    data.import_group,
    remote.serve,
    remote.push,
    ontology.build,
    ontology.tour,
    ontology.diff_command,
    ontology.docs,
    pages.viz,
):
    main.add_command(_command)
