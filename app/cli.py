"""The command line: `grassroots` starts the GUI; subcommands serve IT staff and batch jobs. Never imports Qt."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli_types import REPORT_FILE, file_of
from app.clock import current_actor

EXIT_OK, EXIT_FAILED = 0, 1
# `import roster`: some rows were rejected (the others were imported).
EXIT_REJECTED = 2
# Another copy of the app has the database open, or another program holds SQLite's lock on it: a batch job may
# simply try again later.
EXIT_IN_USE = 3
# Not 2: `import roster` exits 2 when rows were rejected, and a batch job must tell that from a mistyped command.
EXIT_USAGE = 64
# The reader of our output went away (`grassroots … | head`): 128 + SIGPIPE, what a shell reports for a program
# that a closed pipe stopped. Used on Windows too, so scripts see one number everywhere.
EXIT_OUTPUT_CLOSED = 141

EXIT_CODES_HELP = f"""退出码：
  {EXIT_OK}    成功
  {EXIT_FAILED}    失败：文件无法读取，数据库无法使用或只能查看（只读、由较新版本升级过），磁盘已满等，原因见错误信息
  {EXIT_REJECTED}    import：有的行被拒绝（其余的已导入）
  {EXIT_IN_USE}    数据库正在被另一个窗口或程序使用（或被另一个程序锁住），请稍后再试（窗口开着时 import --dry-run、export、check、backup 不受影响）
  {EXIT_USAGE}   命令写法有误
  {EXIT_OUTPUT_CLOSED}  输出被提前关闭（例如接在 head 后面）：命令就此停止，导入要么全部写入，要么完全没有写入"""

# argparse looks its messages up through gettext at run time: these are the ones a user of this tool meets.
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
}


def _chinese(message: str) -> str:
    return _ARGPARSE_CHINESE.get(message, message)


argparse._ = _chinese  # type: ignore[attr-defined]


_REQUIRED = _ARGPARSE_CHINESE["the following arguments are required: %s"].removesuffix("%s")
DB = "数据库文件"  # how every --db reads in usage lines and messages: `--db 数据库文件`


class ChineseParser(argparse.ArgumentParser):
    """argparse whose messages name arguments the way a user types them, in Chinese, and exit 64."""

    def error(self, message: str):  # type: ignore[override]
        if message.startswith(_REQUIRED):
            # argparse lists dests and bare option strings ("file, --db"); say them as the usage line does.
            names = message.removeprefix(_REQUIRED).split(", ")
            message = _REQUIRED + "、".join(self._as_typed(name) for name in names)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"命令参数有误：{message}\n")

    def _as_typed(self, name: str) -> str:
        for action in self._actions:
            if name in action.option_strings and action.metavar:
                return f"{name} {action.metavar}"
        return name

    def _check_value(self, action: argparse.Action, value: object) -> None:
        # argparse would say `参数 command：无效的选项：'chek'（可选：'demo', 'export', …）`.
        if action.choices is None or value in action.choices:
            return
        choices = "、".join(str(choice) for choice in action.choices)
        if isinstance(action, argparse._SubParsersAction):
            raise argparse.ArgumentError(None, f"没有“{value}”这个命令。可用的命令：{choices}")
        raise argparse.ArgumentError(None, f"“{value}”不是可用的选项，这里可以写：{choices}")


def app_version() -> str:
    """This program's version (pyproject.toml's, kept in app/__init__.py)."""
    from app import __version__

    return __version__


class _VersionAction(argparse.Action):
    """`--version`; the version is looked up only when asked (importlib.metadata costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):  # noqa: A002
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"grassroots {app_version()}")
        parser.exit(0)


def _db_option(parser: argparse.ArgumentParser, help_text: str, *, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, metavar=DB, help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="grassroots",
        description="基层队伍管理系统",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--demo", action="store_true", help="在一个临时的演示数据库上启动（约300名人员）")
    _db_option(parser, "在这个数据库文件上打开窗口（不存在则在已有的文件夹中新建）", required=False)
    parser.add_argument("--version", action=_VersionAction, help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    existing_db = "本单位的数据库文件（必须已经存在）"

    demo = sub.add_parser("demo", help="生成演示数据库")
    _db_option(demo, "要新建的演示数据库文件（所在文件夹必须已经存在）")
    demo.add_argument("--people", type=int, default=300, metavar="人数", help="人数，默认300")

    export = sub.add_parser("export", help="导出数据")
    export.add_argument("what", choices=["roster"], metavar="roster", help="roster：人员花名册")
    export.add_argument(
        "out",
        type=file_of(".xlsx", ".csv", what="花名册"),
        metavar="输出文件",
        help="输出文件，.xlsx 或 .csv",
    )
    _db_option(export, existing_db)

    imp = sub.add_parser(
        "import",
        help="导入数据",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument(
        "what", choices=["roster"], metavar="roster", help="roster：人员花名册（.xlsx、.xls 或 .csv）"
    )
    imp.add_argument("file", type=Path, metavar="要导入的文件", help="要导入的文件")
    _db_option(imp, "本单位的数据库文件（不存在则新建，所在文件夹必须已经存在）")
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出结果，不写入数据库（可以在窗口打开时运行）"
    )
    existing = imp.add_mutually_exclusive_group()
    existing.add_argument("--update", action="store_true", help="已有人员（身份号码相同）按文件内容更新")
    existing.add_argument("--skip-existing", action="store_true", help="已有人员跳过（默认）")
    imp.add_argument(
        "--report",
        type=REPORT_FILE,
        metavar="问题报告.xlsx",
        help="把有问题的行另存为 .xlsx，供基层改正后重新报送",
    )
    imp.add_argument("--sheet", metavar="工作表", help="导入哪一张工作表，默认第一张有花名册表头的")
    imp.add_argument(
        "--within",
        metavar="单位",
        help="本表来自的单位（如“玉林街道”）：表中的单位名称先在它之下查找，新单位也建在它下面",
    )
    imp.add_argument(
        "--role",
        metavar="人员类别",
        help="表格中没有“人员类别”列时，全表人员的类别（党建指导员、社区工作者、青年干部）",
    )
    imp.add_argument(
        "--unit",
        metavar="工作单位",
        help="表格中没有“工作单位”列时，全表人员的单位（如“玉林街道 / 玉林社区”）",
    )

    check = sub.add_parser("check", help="完整性检查")
    _db_option(check, existing_db)

    backup = sub.add_parser("backup", help="备份数据库到指定文件夹")
    _db_option(backup, existing_db)
    backup.add_argument(
        "--to", type=Path, required=True, metavar="文件夹", help="备份保存到的文件夹（如U盘），必须已经存在"
    )

    restore = sub.add_parser("restore", help="从备份文件恢复数据库")
    restore.add_argument("backup", type=Path, metavar="备份文件", help="要从中恢复的备份文件")
    _db_option(restore, "要恢复到的数据库文件（恢复前会先备份其中的数据）")

    from app.appraisal.commands import add_appraisal_parser  # light: the services load when a command runs

    add_appraisal_parser(sub)
    from app.care.commands import add_care_parser

    add_care_parser(sub)
    from app.printing.commands import add_print_parser

    add_print_parser(sub)
    from app.training.commands import add_mentoring_parser
    from app.training.training_commands import add_training_parser

    add_training_parser(sub)
    add_mentoring_parser(sub)
    return parser


# How each command's unexpected failure begins, so the reader knows what did not happen.
_NOT_DONE = {
    "demo": "演示数据库没有生成完",
    "export": "导出没有完成",
    "import": "导入没有完成",
    "check": "检查没有完成",
    "backup": "备份没有完成",
    "restore": "恢复没有完成",
    "appraisal": "考核操作没有完成",
    "care": "关怀操作没有完成",
    "print": "打印没有完成",
    "training": "培训操作没有完成",
    "mentoring": "双向选择没有完成",
}


def run_command(args: argparse.Namespace) -> int:
    _read_ahead(args)
    from app import commands
    from app.appraisal.commands import run as appraisal
    from app.care.commands import run as care
    from app.printing.commands import run as print_document
    from app.training.commands import run as mentoring
    from app.training.training_commands import run as training

    handler = {
        "demo": commands.demo,
        "export": commands.export,
        "import": commands.import_roster,
        "check": commands.check,
        "backup": commands.backup,
        "restore": commands.restore,
        "appraisal": appraisal,
        "care": care,
        "print": print_document,
        "training": training,
        "mentoring": mentoring,
    }[args.command]
    try:
        code = handler(args, current_actor())
        # None: started with no standard output at all (>&-); print() wrote nowhere.
        if sys.stdout is not None:
            sys.stdout.flush()  # a closed pipe is met here, not by the interpreter at exit (which prints about it)
        return code
    except BrokenPipeError:
        _stop_writing_to_stdout()
        return EXIT_OUTPUT_CLOSED
    except commands.CommandError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: a clerk or a batch job never sees a traceback
        from app.jobs import failure_text
        from db.errors import is_busy

        print(
            f"{_NOT_DONE[args.command]}：{_busy_text(args) if is_busy(exc) else failure_text(exc)}",
            file=sys.stderr,
        )
        # Another program's SQLite lock is "in use" for every command, as for the imports: a batch job retries on 3.
        return EXIT_IN_USE if is_busy(exc) else EXIT_FAILED
    finally:
        if _reads_ahead(args):
            from app.exchange import prefetch

            prefetch.discard()  # a file read ahead but never taken must not stand in for a later read of it
            from app import early_check

            early_check.discard()


def _busy_text(args: argparse.Namespace) -> str:
    """What the imports say of another program's lock, for the database the command names."""
    from db.lock import DatabaseInUse

    db = getattr(args, "db", None)
    return f"{DatabaseInUse(db)}" if db is not None else "数据库正被其他程序锁住，请稍后再试"


def _reads_ahead(args: argparse.Namespace) -> bool:
    """The imports whose file is big enough to be worth reading ahead: a roster and a score sheet."""
    importing = args.command == "import" or (args.command == "appraisal" and args.action == "import")
    return importing and getattr(args, "file", None) is not None


def _read_ahead(args: argparse.Namespace) -> None:
    """`import roster FILE`, `appraisal import FILE`: begin parsing the workbook now, while the rest of the app
    loads and the database is opened (app.exchange.prefetch), and checking the database file (app.early_check).
    Only a regular file: the import refuses anything else with its reason."""
    if not _reads_ahead(args):
        return
    from app.exchange import prefetch
    from app.exchange.reader import unreadable_file

    readable = unreadable_file(args.file) is None
    if readable:
        prefetch.start(args.file)
    if getattr(args, "db", None) is not None:
        from app import early_check

        early_check.start(args.db)  # SQLite's check runs without Python's lock, beside the file's checks
    if readable:
        prefetch.let_checks_run(args.file)


def _stop_writing_to_stdout() -> None:
    """Send what is still buffered for stdout nowhere: its reader is gone, and the flush at exit would fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
