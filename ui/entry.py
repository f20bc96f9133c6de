"""The `grassroots` command: subcommands run without Qt; no subcommand starts the window."""

from __future__ import annotations

import sys

SAMPLE = "基层队伍管理系统"  # what the console must be able to show
UTF8_CODE_PAGE = 65001


def can_write_chinese(encoding: str | None) -> bool:
    try:
        SAMPLE.encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def output_encoding(stream_encoding: str | None, is_console: bool, console_code_page: int) -> str:
    """The encoding for stdout/stderr, so that Chinese prints on any Windows console and in any redirect.

    - A real console (`is_console`): Python writes UTF-16 through WriteConsoleW whatever the code page; keep it.
    - Redirected (a pipe, a file) and the code page Python chose can write Chinese (cp936/GBK on a Chinese
      Windows, UTF-8 elsewhere): keep it, so `grassroots check > 结果.txt` reads like every other console tool's
      output on that PC.
    - Otherwise (cp1252, cp437, …, where Chinese would raise UnicodeEncodeError): UTF-8. `configure_console`
      switches an attached console to code page 65001 at the same time, so the pipe's reader decodes it alike.
    """
    if is_console or can_write_chinese(stream_encoding):
        return stream_encoding or "utf-8"
    if console_code_page not in (0, UTF8_CODE_PAGE) and can_write_chinese(f"cp{console_code_page}"):
        return f"cp{console_code_page}"
    return "utf-8"


def _is_console(stream) -> bool:
    buffer = getattr(stream, "buffer", None)
    raw = getattr(buffer, "raw", buffer)
    return type(raw).__name__ == "_WindowsConsoleIO"


def configure_console() -> None:
    """Make stdout/stderr print Chinese on any console and never crash over a character it cannot show.

    A frozen program ignores PYTHONIOENCODING, so this is the only place it can be set. On Windows an attached
    console whose code page cannot show Chinese (cp1252, cp437) is switched to UTF-8 for the run and switched
    back at exit. A character the target cannot encode prints as `?` instead of raising UnicodeEncodeError.
    """
    console_code_page = 0
    if sys.platform == "win32":
        console_code_page = _use_utf8_console_if_needed()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or not hasattr(stream, "reconfigure"):  # the windowed program has no console
            continue
        encoding = output_encoding(stream.encoding, _is_console(stream), console_code_page)
        try:
            stream.flush()
            stream.reconfigure(encoding=encoding, errors="replace")
        except (OSError, ValueError, LookupError):
            pass


def _use_utf8_console_if_needed() -> int:
    """Switch an attached console that cannot show Chinese to UTF-8; its code page after that (0: no console)."""
    import ctypes

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        code_page = kernel32.GetConsoleOutputCP()
    except (OSError, AttributeError):
        return 0
    if not code_page or can_write_chinese(f"cp{code_page}"):
        return code_page
    if not kernel32.SetConsoleOutputCP(UTF8_CODE_PAGE):
        return code_page
    import atexit

    atexit.register(kernel32.SetConsoleOutputCP, code_page)  # the user's console as it was, after we exit
    return UTF8_CODE_PAGE


def main(argv: list[str] | None = None) -> int:
    configure_console()
    from app.cli import build_parser, run_command

    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    from ui.gui import run

    return run(db_path=args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
