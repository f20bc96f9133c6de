"""The command line: `grassroots` starts the GUI; subcommands serve IT staff and batch jobs. Never imports Qt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.clock import current_actor

EXIT_OK, EXIT_FAILED = 0, 1
# Not 2: `import roster` exits 2 when rows were rejected, and a batch job must tell that from a mistyped command.
EXIT_USAGE = 64

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


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"命令参数有误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="grassroots", description="基层队伍管理系统")
    parser.add_argument("--demo", action="store_true", help="在一个临时的演示数据库上启动（约300名人员）")
    parser.add_argument("--db", type=Path, help="数据库文件（不存在则新建）")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseParser)

    demo = sub.add_parser("demo", help="生成演示数据库")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--people", type=int, default=300, help="人数，默认300")

    export = sub.add_parser("export", help="导出数据")
    export.add_argument("what", choices=["roster"], help="roster：人员花名册")
    export.add_argument("out", type=Path, help="输出文件，.xlsx 或 .csv")
    export.add_argument("--db", type=Path, required=True)

    imp = sub.add_parser("import", help="导入数据")
    imp.add_argument("what", choices=["roster"], help="roster：人员花名册（.xlsx、.xls 或 .csv）")
    imp.add_argument("file", type=Path, help="要导入的文件")
    imp.add_argument("--db", type=Path, required=True)
    imp.add_argument("--dry-run", action="store_true", help="只检查并列出结果，不写入数据库")
    existing = imp.add_mutually_exclusive_group()
    existing.add_argument("--update", action="store_true", help="已有人员（身份号码相同）按文件内容更新")
    existing.add_argument("--skip-existing", action="store_true", help="已有人员跳过（默认）")
    imp.add_argument("--report", type=Path, help="把有问题的行另存为 .xlsx，供基层改正后重新报送")
    imp.add_argument(
        "--within",
        metavar="单位",
        help="本表来自的单位（如“玉林街道”）：表中的单位名称先在它之下查找，新单位也建在它下面",
    )

    check = sub.add_parser("check", help="完整性检查")
    check.add_argument("--db", type=Path, required=True)

    backup = sub.add_parser("backup", help="备份数据库到指定文件夹")
    backup.add_argument("--db", type=Path, required=True)
    backup.add_argument("--to", type=Path, required=True, help="备份保存到的文件夹（如U盘）")

    restore = sub.add_parser("restore", help="从备份文件恢复数据库")
    restore.add_argument("backup", type=Path, help="备份文件")
    restore.add_argument("--db", type=Path, required=True)
    return parser


def run_command(args: argparse.Namespace) -> int:
    from app import commands

    handler = {
        "demo": commands.demo,
        "export": commands.export,
        "import": commands.import_roster,
        "check": commands.check,
        "backup": commands.backup,
        "restore": commands.restore,
    }[args.command]
    try:
        return handler(args, current_actor())
    except commands.CommandError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: a clerk or a batch job never sees a traceback
        print(f"发生意外错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
