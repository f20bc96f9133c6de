"""`grassroots print sheets|ranking|certificates|roster|scoresheet`: the documents as PDF files.

Imported by app/cli.py at every start, so nothing heavy at the top. Exit codes: 0 printed; 1 not printed (no
such period, an unfinalized period's certificates, a list with a character no font has — lists are never
printed with a gap or a missing person); 2 one-per-person documents printed but someone was left out (named).
"""

from __future__ import annotations

import argparse
from pathlib import Path

PRINT_EXIT_HELP = """退出码：
  0    已生成
  1    没有生成：数据库无法使用、方案或考核不存在、考核未定稿（证书）、名单中有本机字体都没有的字（排名表、花名册、评分表）等
  2    考核登记表、荣誉证书已生成，但有人因本机字体都没有的字而未打印（名单见错误信息）
  64   命令写法有误"""

DOCUMENTS = {
    "sheets": "考核登记表（每人一页）",
    "ranking": "排名表",
    "certificates": "荣誉证书（已定稿考核的优秀人员）",
    "roster": "人员花名册",
    "scoresheet": "空白评分表（手工评分用）",
}
DEFAULT_ORDER = {"sheets": "rank", "roster": "strokes", "scoresheet": "strokes"}
EXIT_LEFT_OUT = 2


def add_print_parser(sub: argparse._SubParsersAction) -> None:
    from app.cli import DB

    parser = sub.add_parser(
        "print", help="打印：生成 PDF（考核登记表、排名表、荣誉证书、花名册、评分表）", epilog=PRINT_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument(
        "document", choices=tuple(DOCUMENTS), metavar="|".join(DOCUMENTS),
        help="；".join(f"{k}：{v}" for k, v in DOCUMENTS.items()),
    )  # fmt: skip
    parser.add_argument(
        "--db", type=Path, required=True, metavar=DB, help="本单位的数据库文件（必须已经存在）"
    )
    parser.add_argument(
        "--scheme", metavar="方案代码", help="考核方案（花名册以外都需要）：weighted-top20、ratio-154、3x 等"
    )
    parser.add_argument("--year", type=int, metavar="年度", help="考核年度，如 2024")
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="季度", help="季度（1-4）")
    parser.add_argument("--out", type=Path, required=True, metavar="输出文件.pdf", help="生成的 PDF 文件")
    parser.add_argument(
        "--order", choices=("strokes", "pinyin", "rank"), metavar="strokes|pinyin|rank",
        help="顺序：strokes 姓氏笔画（花名册、评分表默认），pinyin 拼音，rank 名次（考核登记表默认）",
    )  # fmt: skip
    parser.add_argument("--blank", action="store_true", help="考核登记表：空白（不填成绩和等次）")
    parser.add_argument(
        "--columns", metavar="列,列,…",
        help="花名册：打印哪些列，用逗号分隔，如 姓名,性别,工作单位,联系电话（默认：姓名、性别、出生日期、民族、"
        "政治面貌、学历、人员类别、工作单位、岗位、到岗时间）",
    )  # fmt: skip


def run(args: argparse.Namespace, actor: str) -> int:
    from app.commands import CommandError, _opened
    from app.printing import service
    from app.printing.problems import PrintError

    order = _order(args)
    with _opened(args.db, reading=True) as office:
        db = office.db
        try:
            if args.document == "roster":
                printed = service.roster(db, args.out, order=order, columns=_columns(args.columns))
            else:
                period_id = _period_id(db, args)
                printed = {
                    "sheets": lambda: service.sheets(db, period_id, args.out, order=order, blank=args.blank),
                    "ranking": lambda: service.ranking(db, period_id, args.out),
                    "certificates": lambda: service.certificates(db, args.out, period_id=period_id),
                    "scoresheet": lambda: service.score_sheet(db, period_id, args.out, order=order),
                }[args.document]()
        except PrintError as exc:
            raise CommandError(f"没有生成：{exc}") from exc
    for line in printed.lines():
        print(line)
    print(f"已保存到“{args.out}”。")
    return EXIT_LEFT_OUT if printed.left_out else 0


def _columns(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [c.strip() for c in text.replace("，", ",").replace("、", ",").split(",") if c.strip()]


def _order(args: argparse.Namespace) -> str:
    from app.cli import EXIT_USAGE
    from app.commands import CommandError

    if args.blank and args.document != "sheets":
        raise CommandError("命令参数有误：--blank 只用于 sheets（考核登记表）", EXIT_USAGE)
    if args.columns and args.document != "roster":
        raise CommandError("命令参数有误：--columns 只用于 roster（花名册）", EXIT_USAGE)
    default = DEFAULT_ORDER.get(args.document, "rank")
    if args.order and args.document in ("ranking", "certificates") and args.order != default:
        fixed = "名次" if args.document == "ranking" else "证书编号"
        raise CommandError(
            f"命令参数有误：{DOCUMENTS[args.document]}按{fixed}排列，不能指定 --order", EXIT_USAGE
        )
    if args.order == "rank" and args.document in ("roster", "scoresheet"):
        raise CommandError(
            "命令参数有误：花名册和评分表没有名次，--order 可以是 strokes 或 pinyin", EXIT_USAGE
        )
    return args.order or default


def _period_id(db, args: argparse.Namespace) -> int:
    from app.appraisal.commands import _period
    from app.cli import EXIT_USAGE
    from app.commands import CommandError

    if not args.scheme or args.year is None:
        raise CommandError(f"命令参数有误：打印{DOCUMENTS[args.document]}需要 --scheme 方案代码 和 --year 年度",
                           EXIT_USAGE)  # fmt: skip
    return _period(db, args).id
