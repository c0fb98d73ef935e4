"""What `evclaims` (pipeline/cli.py) and `python flows.py` share: typer options, declared once, and the
entry point that turns errors into one line and an exit status (1, 2 for usage and config errors).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from typer.exceptions import TyperException

from contract.errors import EvclaimsError

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="DuckDB file (default: $EVCLAIMS_DB or ./evclaims.duckdb).", show_default=False
    ),
]
CrawlOpt = Annotated[bool, typer.Option("--crawl", help="Treat site roots as crawl seeds.")]
MaxPagesOpt = Annotated[int | None, typer.Option("--max-pages", help="Crawl budget per site.")]
DelayOpt = Annotated[
    float | None, typer.Option("--delay", metavar="SECONDS", help="Seconds between requests to one host.")
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        metavar="SECONDS",
        help="Longest time one response may take, headers and body together (default 30); "
        "a page over it is retried once after its host's other pages, then skipped as timeout.",
        show_default=False,
    ),
]
AllowHostOpt = Annotated[
    list[str] | None,
    typer.Option("--allow-host", metavar="HOST", help="Allow a private/loopback host (repeatable)."),
]
ConfigOpt = Annotated[
    Path,
    typer.Option("--config", help="sources.toml: its [settings], and its sources when none are named."),
]
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Print the summary as one JSON object on stdout instead of words on stderr."),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="A trained spaCy pipeline to use when installed.")
]
BatchSizeOpt = Annotated[int, typer.Option("--batch-size", help="Articles per extraction batch.")]


def usage_error(e: Exception, prog: str, debug: bool) -> int:
    """A bad option, value or command: one line naming it and exit 2 (bare `evclaims` shows the help)."""
    if type(e).__name__ == "NoArgsIsHelpError":
        e.show()
        return e.exit_code
    if debug:
        raise e
    ctx = getattr(e, "ctx", None)
    command = ctx.command.name if ctx is not None and ctx.parent is not None and ctx.command else ""
    message = " ".join(e.format_message().split())
    print(f"{prog}: error: {command + ': ' if command else ''}{message}", file=sys.stderr)
    return getattr(e, "exit_code", 2) or 2


def main_for(app: typer.Typer, prog: str, args: list[str] | None = None) -> None:
    """Run APP as a console entry point: one-line errors, exit 2 for usage problems, --debug tracebacks."""
    debug = "--debug" in (sys.argv[1:] if args is None else args) or os.environ.get("EVCLAIMS_DEBUG") == "1"
    try:
        code = (
            app(args=args, prog_name=prog, standalone_mode=False)
            if args is not None
            else app(standalone_mode=False)
        )
    except (click.exceptions.Exit, typer.Exit) as e:
        code = e.exit_code
    except (click.exceptions.Abort, typer.Abort):
        print(f"{prog}: aborted", file=sys.stderr)
        code = 130
    except (click.ClickException, TyperException) as e:  # typer bundles its own click: both trees
        code = usage_error(e, prog, debug)
    except EvclaimsError as e:
        if debug:
            raise
        print(f"{prog}: error: {e}", file=sys.stderr)
        code = e.exit_code
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        code = 130
    except Exception as e:  # the last guard: one line, and the traceback with --debug
        if debug:
            raise
        print(
            f"{prog}: internal error: {type(e).__name__}: {e} (rerun with --debug for details)",
            file=sys.stderr,
        )
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
