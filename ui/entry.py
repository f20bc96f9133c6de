"""The `grassroots` command: subcommands run without Qt; no subcommand starts the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from app.cli import build_parser, run_command

    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    from ui.gui import run

    return run(db_path=args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
