"""`grassroots print sheets|ranking|certificates|roster|scoresheet` and the training documents
`course-certificates|signin|attendance --course NAME [--year Y]`, `training-record --id-number ID`,
`mentor-groups [--round NAME --year Y]` and `remedial`: the documents as PDF files.

Imported by app/cli.py at every start, so nothing heavy at the top. Exit codes: 0 printed; 1 not printed (no
such period, course, person or round, an unfinalized period's certificates, a list with a character no font has —
lists are never printed with a gap or a missing person); 2 one-per-person documents (考核登记表, 荣誉证书,
结业证书) printed but someone was left out (named).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli_types import file_of, year

PRINT_EXIT_HELP = """退出码：
  0    已生成
  1    没有生成：数据库无法使用、方案或考核不存在（空白评分表、空白考核登记表只要方案存在）、考核未定稿（证书）、培训班、人员或双向选择不存在、
       还没有编号的结业证书、名单中有本机字体都没有的字（排名表、花名册、评分表、签到表、参训名单、培训档案、
       导师组名单、待补课名单）等
  2    考核登记表、荣誉证书、结业证书已生成，但有人因本机字体都没有的字而未打印（名单见错误信息）
  64   命令写法有误"""

DOCUMENTS = {
    "sheets": "考核登记表（每人一页）",
    "ranking": "排名表",
    "certificates": "荣誉证书（已定稿考核的优秀人员）",
    "roster": "人员花名册",
    "scoresheet": "空白评分表（手工评分用；还没有成绩时列出方案适用的在岗人员）",
    "course-certificates": "结业证书（培训班中已编号的合格人员）",
    "signin": "培训班签到表",
    "attendance": "培训班参训名单",
    "training-record": "个人培训档案",
    "mentor-groups": "导师组名单（双向选择；不指定 --round 时为当前全部帮带对子）",
    "remedial": "待补课人员名单",
}
COURSE_DOCUMENTS = ("course-certificates", "signin", "attendance")
TRAINING_DOCUMENTS = (*COURSE_DOCUMENTS, "training-record", "mentor-groups", "remedial")
DEFAULT_ORDER = {"sheets": "rank", "roster": "strokes", "scoresheet": "strokes"}
EXIT_LEFT_OUT = 2


def add_print_parser(sub: argparse._SubParsersAction) -> None:
    from app.cli import DB

    parser = sub.add_parser(
        "print", help="打印：生成 PDF（考核登记表、排名表、荣誉证书、花名册、评分表，培训与导师帮带的证书和名单）",
        epilog=PRINT_EXIT_HELP,
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
        "--scheme",
        metavar="方案代码",
        help="考核方案（考核登记表、排名表、荣誉证书、评分表需要）：weighted-top20、ratio-154、3x 等",
    )
    parser.add_argument(
        "--year", type=year, metavar="年度",
        help="考核年度，如 2024；培训班所在年度（可省略名称前的“2026年”）；双向选择的年度",
    )  # fmt: skip
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="季度", help="季度（1-4）")
    parser.add_argument(
        "--out",
        type=file_of(".pdf", what="打印结果"),
        required=True,
        metavar="输出文件.pdf",
        help="生成的 PDF 文件",
    )
    parser.add_argument(
        "--order", choices=("strokes", "pinyin", "rank"), metavar="strokes|pinyin|rank",
        help="顺序：strokes 姓氏笔画（花名册、评分表默认），pinyin 拼音，rank 名次（考核登记表默认）",
    )  # fmt: skip
    parser.add_argument(
        "--blank",
        action="store_true",
        help="考核登记表：空白（不填成绩和等次；还没有成绩时为方案适用的在岗人员，按姓氏笔画）",
    )
    parser.add_argument(
        "--columns", metavar="列,列,…",
        help="花名册：打印哪些列，用逗号分隔，如 姓名,性别,工作单位,联系电话（默认：姓名、性别、出生日期、民族、"
        "政治面貌、学历、人员类别、工作单位、岗位、到岗时间）",
    )  # fmt: skip
    parser.add_argument("--course", metavar="培训班名称", help="结业证书、签到表、参训名单：哪个培训班")
    parser.add_argument("--id-number", metavar="公民身份号码", help="培训档案：哪个人")
    parser.add_argument("--round", metavar="双向选择名称", help="导师组名单：哪次双向选择（同时给出 --year）")


def run(args: argparse.Namespace, actor: str) -> int:
    from app.commands import CommandError, _opened
    from app.printing import service
    from app.printing.problems import PrintError

    if args.document in TRAINING_DOCUMENTS:
        _training_usage(args)
        order = ""
    else:
        _appraisal_usage(args)
        order = _order(args)
    with _opened(args.db, reading=True) as office:
        db = office.db
        try:
            if args.document in TRAINING_DOCUMENTS:
                _require_training(db, args)
                printed = _training_document(db, args)
            elif args.document == "roster":
                printed = service.roster(db, args.out, order=order, columns=_columns(args.columns))
            else:
                period_id = _period_id(db, args, unsaved=_blank_form(args))
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
    if printed.left_out:
        print(printed.left_out_text(), file=sys.stderr)
    print(f"已保存到“{args.out}”。")
    return EXIT_LEFT_OUT if printed.left_out else 0


def _columns(text: str | None) -> list[str] | None:
    """--columns as labels; one the 花名册 has not is a mistyped command (exit 64), naming those it has."""
    from app.cli import EXIT_USAGE
    from app.commands import CommandError
    from app.printing.doc_roster import COLUMNS

    if not text:
        return None
    columns = [c.strip() for c in text.replace("，", ",").replace("、", ",").split(",") if c.strip()]
    if unknown := [c for c in columns if c not in COLUMNS]:
        raise CommandError(
            f"命令参数有误：花名册没有“{unknown[0]}”这一列，可选：{'、'.join(COLUMNS)}", EXIT_USAGE
        )
    return columns


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


def _blank_form(args: argparse.Namespace) -> bool:
    """评分表 and blank 考核登记表: forms that collect a period's scores by hand, before any is entered."""
    return args.document == "scoresheet" or (args.document == "sheets" and args.blank)


def _period_id(db, args: argparse.Namespace, *, unsaved: bool = False):
    """The stored period's id; with `unsaved`, a period not opened yet (no score imported) as it will be when
    opened — not stored: printing writes nothing."""
    from app.appraisal.commands import _period, _refused, _require_tables
    from app.appraisal.periods import find_period, period_problem
    from app.appraisal.schemes import find_scheme
    from app.changes import OperationRefused
    from app.cli import EXIT_USAGE
    from app.commands import CommandError
    from app.printing.service import unsaved_period

    if not args.scheme or args.year is None:
        raise CommandError(f"命令参数有误：打印{DOCUMENTS[args.document]}需要 --scheme 方案代码 和 --year 年度",
                           EXIT_USAGE)  # fmt: skip
    if unsaved:
        _require_tables(db, args)
        if find_period(db, args.scheme, args.year, args.quarter) is None:
            try:
                scheme = find_scheme(db, args.scheme)
            except OperationRefused as exc:
                raise _refused(exc) from exc
            if problem := period_problem(scheme, args.year, args.quarter):
                raise _refused(OperationRefused(problem))
            return unsaved_period(scheme, args.year, args.quarter)
    return _period(db, args).id


# --- the training documents ----------------------------------------------------------------------------

_OPTION_OF = {"--course": "course", "--id-number": "id_number", "--round": "round"}
_OWN_OPTIONS = {
    "--course": COURSE_DOCUMENTS,
    "--id-number": ("training-record",),
    "--round": ("mentor-groups",),
}


def _appraisal_usage(args: argparse.Namespace) -> None:
    """The training options belong to the training documents only."""
    from app.cli import EXIT_USAGE
    from app.commands import CommandError

    for option, attribute in _OPTION_OF.items():
        if getattr(args, attribute) is not None:
            raise CommandError(
                f"命令参数有误：{option} 只用于培训文书（{'、'.join(_OWN_OPTIONS[option])}）", EXIT_USAGE
            )


def _training_usage(args: argparse.Namespace) -> None:
    """What each training document needs, and the options it has no use for, said before the database opens."""
    from app.cli import EXIT_USAGE
    from app.commands import CommandError

    def usage(text: str) -> CommandError:
        return CommandError(f"命令参数有误：{text}", EXIT_USAGE)

    what = DOCUMENTS[args.document].split("（")[0]
    for option, attribute in (("--scheme", "scheme"), ("--quarter", "quarter"), ("--order", "order"),
                              ("--columns", "columns")):  # fmt: skip
        if getattr(args, attribute) is not None:
            raise usage(f"打印{what}不用 {option}（名单按姓氏笔画排列，证书按编号排列）")
    if args.blank:
        raise usage("--blank 只用于 sheets（考核登记表）")
    for option, attribute in _OPTION_OF.items():
        if getattr(args, attribute) is not None and args.document not in _OWN_OPTIONS[option]:
            raise usage(f"打印{what}不用 {option}")
    if args.document in COURSE_DOCUMENTS and not (args.course or "").strip():
        raise usage(f"打印{what}需要 --course 培训班名称")
    if args.document == "training-record" and not (args.id_number or "").strip():
        raise usage("打印培训档案需要 --id-number 公民身份号码")
    if args.document == "mentor-groups" and (args.round is None) != (args.year is None):
        raise usage(
            "导师组名单需要同时给出 --round 双向选择名称 和 --year 年度（都不给时打印当前全部帮带对子）"
        )
    if args.document in ("training-record", "remedial") and args.year is not None:
        raise usage(f"打印{what}不用 --year")


def _training_document(db, args: argparse.Namespace):
    from app.printing import training_service as ts

    out = args.out
    if args.document in COURSE_DOCUMENTS:
        course_id = _course_id(db, args.course, args.year)
        return {
            "course-certificates": lambda: ts.course_certificates(db, course_id, out),
            "signin": lambda: ts.signin_sheet(db, course_id, out),
            "attendance": lambda: ts.attendance_list(db, course_id, out),
        }[args.document]()
    if args.document == "training-record":
        return ts.training_record(db, _person_id(db, args.id_number), out)
    if args.document == "mentor-groups":
        round_id = None if args.round is None else _round_id(db, args.round, args.year)
        return ts.mentor_groups(db, round_id, out)
    return ts.open_remedial(db, out)


def _require_training(db, args: argparse.Namespace) -> None:
    from app.commands import require_table

    require_table(db, args.db, "courses", "培训数据")


def _course_id(db, name: str, year: int | None) -> int:
    """The living course of that name, or of it spelled another way (brackets, full- or half-width characters,
    spaces: as the training import finds a course); with --year, also '2026年' + the name, one of that year
    preferred and one of another year refused. Several spelled alike are refused, named; none found is
    answered with the near names the import offers."""
    from app.printing.problems import PrintError
    from app.training.attendance_course import spelled_alike
    from app.training.courses import find_course

    name = " ".join(name.split())
    prefixed = f"{year}年{name}" if year is not None else None
    alike = {c.id: c for c in spelled_alike(db, name) + (spelled_alike(db, prefixed) if prefixed else [])}
    exact = (find_course(db, name), find_course(db, prefixed) if prefixed else None)
    tiers = [*([c] for c in exact if c is not None), list(alike.values())]  # the name as typed first

    def of_year(course) -> bool:
        return year in (course.start_date.year, course.end_date.year)

    in_year = [[c for c in tier if of_year(c)] for tier in tiers] if year is not None else []
    found = next((tier for tier in (*in_year, *tiers) if tier), None)
    if found is None:
        raise PrintError(
            f"没有名为“{name}”的培训班{f'（{year}年）' if year else ''}。{_near_hint(db, name, year)}"
        )
    if len(found) > 1:
        raise PrintError(_alike_refused(name, found))
    if year is not None and not of_year(found[0]):
        raise PrintError(f"培训班“{found[0].name}”在 {found[0].end_date.year} 年，不是 {year} 年")
    return found[0].id


def _alike_refused(name: str, found: list) -> str:
    from app.training.attendance_course import course_said

    listed = "、".join(course_said(course) for course in found)
    return (
        f"没有名为“{name}”的培训班，与它只差括号、空格或全角半角的有 {len(found)} 个：{listed}。"
        "请写明其中一个的准确名称（--course）"
    )


def _near_hint(db, name: str, year: int | None) -> str:
    """The courses (of --year) a name that finds none may mean, said as the training import says them (its
    near_said): a name one character away, of the same year ('2025年…' beside '2026年…' is next year's course,
    not a typo); or a name the typed one is part of, or one part of it."""
    from app.training.attendance_course import _key, _one_apart, _year, near_said
    from app.training.courses import list_courses

    def mistyped(key: str, other: str) -> bool:  # as app.training.attendance_course.near_courses judges
        return _one_apart(key, other) and (not _year(key) or not _year(other) or _year(key) == _year(other))

    keys = [_key(name), *([_key(f"{year}年{name}")] if year is not None else [])]
    close, part = [], []
    for course in list_courses(db, year):
        other = _key(course.name)
        if any(mistyped(key, other) for key in keys):
            close.append((course, "名称只差一个字"))
        elif keys[0] and keys[0] in other:
            part.append((course, f"名称中有“{name}”"))
        elif other and other in keys[0]:
            part.append((course, "所填名称中有它的名称"))
    if near := close + part:
        return near_said(near)
    return "请用“培训”页或 grassroots training 查看培训班名称"


def _person_id(db, raw: str) -> int:
    from app.people.idnumber import stored_form
    from app.printing.problems import PrintError

    number = stored_form(raw)  # an old 15-digit number finds the person stored under its 18 digits
    row = db.execute("SELECT id FROM people WHERE id_number = ? AND deleted_at IS NULL", [number]).fetchone()
    if row is None:
        raise PrintError(f"花名册中没有公民身份号码为“{number}”的人员")
    return row[0]


def _round_id(db, name: str, year: int) -> int:
    from app.printing.problems import PrintError
    from app.training.mentoring import stored_round

    found = stored_round(db, " ".join(name.split()), year)
    if found is None:
        rounds = [f"{r[0]}（{r[1]}年）" for r in db.execute(
            "SELECT name, year FROM selection_rounds WHERE deleted_at IS NULL ORDER BY year DESC, id DESC")]  # fmt: skip
        known = f"已有：{'、'.join(rounds[:5])}" if rounds else "还没有确认过任何双向选择"
        raise PrintError(f"没有{year}年名为“{name.strip()}”的双向选择。{known}")
    return found.id
