"""Importing scores (成绩导入): a dry run that says what each row would do, then one transaction that does it.

The file: a header row with 姓名, 公民身份号码 and one column per component, named as in the scheme (X as
专项工作加分 where the scheme has it), found under titles as in the roster import. People are matched by ID
number; a name that is not the holder's is an error. A blank score cell means "not yet scored" (待补录), never
0, and never erases a score already recorded. Every other column is listed and ignored: a ranking exported by
the app (名次, 工作单位, 总分, 等次, 标记, 说明) imports as it is.

Streets' own sheets are read as a clerk means them: a header with weights or a score word (工作考核（50%）,
业务测试成绩), a two-row header (components under a merged 考核成绩; 得分 and 折算分 under each component, the
weighted value never read), '85.5分', '/' for blank, 平均 rows skipped; what cannot be meant one way (缺考,
the same person twice with different scores) is refused with what to write instead. Finding the header and
its columns is score_header.py; reading each row, score_rows.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app.appraisal.periods import Period, create_period_row, find_period, period_problem, refuse_if_finalized
from app.appraisal.rules import BONUS_KEY, Scheme
from app.appraisal.schemes import APPRAISAL_CHANGED, find_scheme
from app.appraisal.score_header import (
    ID,
    NAME,
    component_of,
    labels_of,
    locate,
    named_sheets,
    other_score_sheets,
    same_text,
    scale_problem,
    twin_columns,
)
from app.appraisal.score_rows import RowPlanner, ScoreRow, refuse_disagreeing_twins
from app.appraisal.service import ScoreInput, set_many_scores
from app.changes import OperationRefused, OpResult
from app.exchange.bounds import column_letters
from app.exchange.bulk import collector_paused
from app.exchange.cell_errors import error_row, screen_row
from app.exchange.cells import REPEATED_ROW, RowKinds, cell_texts
from app.exchange.columns import hidden_rows_notice, summarize_labels
from app.exchange.plan import Action, PlanError
from app.exchange.prefetch import sheets_of
from app.exchange.sheet import fill_merged_down
from app.exchange.twins import Twin
from app.lazy_re import LazyPattern as _Lazy
from db.connection import references_checked_by_caller


@dataclass
class ScorePlan:
    file_name: str
    sheet: str
    header_row: int  # as Excel numbers it
    header_end: int  # its last row: header_row, or the row below for a two-row header
    columns: dict[int, str]  # column -> 'name', 'id_number', a component key or BONUS_KEY
    ignored: list[str]  # header texts of the columns not read
    absent: list[str]  # component columns the file lacks: their scores stay as they are
    rows: list[ScoreRow]
    skipped: dict[str, int]
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (header, component) where they differ
    other_sheets: list[str] = field(default_factory=list)  # sheets with a score header too, not read
    twins: list[Twin] = field(default_factory=list)  # 2nd columns of a component: rows must agree
    notices: list[str] = field(default_factory=list)  # what the clerk should know before writing
    title: str = ""  # the first line above the header that names a year (2025年度社区工作者考核成绩汇总表)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def rejected(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def to_write(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.action in (Action.NEW, Action.UPDATE)]

    def summary(self) -> str:
        parts = [f"{a.label} {self.count(a)} 人" for a in Action]
        if skipped := sum(self.skipped.values()):
            parts.append(f"非人员行 {skipped} 行")
        return "，".join(parts)


def plan_score_import(
    db: Database, path: Path, scheme: Scheme, period: Period | None, sheet: str | None = None
) -> ScorePlan:
    """Read the file (the sheet named, or the first with a score header) and decide what importing each row
    would do. Writes nothing."""
    with collector_paused():  # tens of thousands of cells and Decimals, no cycles among them
        return _plan(db, Path(path), scheme, period, sheet)


def _plan(db: Database, path: Path, scheme: Scheme, period: Period | None, wanted: str | None) -> ScorePlan:
    sheets = sheets_of(path)  # read ahead by the command line, or read now
    header = locate(named_sheets(sheets, wanted) if wanted else sheets, scheme)
    sheet, columns, headers = header.sheet, header.columns, header.texts
    first = header.index + header.depth  # the first row under the header, 0-based
    fill_merged_down(sheet, first)
    components = set(columns.values()) - {NAME, ID, BONUS_KEY}
    if not components:
        raise PlanError(_no_components(db, scheme, header.texts))
    if len(components) < len(scheme.components) and (other := _fitting_scheme(db, scheme, header.texts)):
        raise PlanError(f"表格的列与方案“{scheme.name}”不符：{other}")
    plan = ScorePlan(
        file_name=Path(path).name, sheet=sheet.name, header_row=header.index + 1, header_end=first,
        columns=columns,
        ignored=[h for i, h in enumerate(headers) if h and i not in columns],
        absent=[c.name for c in scheme.components if c.key not in components], rows=[], skipped={},
    )  # fmt: skip
    if problems := _scale_problems(scheme, columns, headers, sheet.rows[first:]):
        raise PlanError(f"没有导入任何成绩：{'；'.join(problems)}。")
    names = {c.key: c.name for c in scheme.components} | {BONUS_KEY: scheme.bonus_name}
    plan.read_as = [
        (headers[c], names[w]) for c, w in columns.items() if w in names and same_text(headers[c]) != names[w]
    ]
    plan.twins = twin_columns(headers, columns, labels_of(scheme))
    twins = {twin.header for twin in plan.twins}
    plan.ignored = [h for h in plan.ignored if h not in twins]
    if not wanted:
        plan.other_sheets = other_score_sheets(sheets, sheet, scheme)
    planner = RowPlanner(db, scheme, period, columns, headers)
    kinds = RowKinds({c: f for c, f in columns.items() if f in (NAME, ID)}, headers)
    id_column = next(c for c, what in columns.items() if what == ID)
    error_rows = sheet.error_rows
    for offset, cells in enumerate(sheet.rows[first:], start=first + 1):
        if offset - 1 not in error_rows and (plain := planner.plain_row(offset, cells, kinds)) is not None:
            plan.rows.append(plain)
            if plan.twins:
                refuse_disagreeing_twins(planner, plain, cells, plan.twins)
            continue
        texts, errors = screen_row(error_rows, offset - 1, cells, cell_texts(cells), columns)
        if kind := error_row(kinds.kind(texts) or _statistics(texts, id_column), texts, columns, errors):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            continue
        row = planner.plan_row(offset, cells, texts, errors)
        if plan.twins and row.action != Action.REJECT:
            refuse_disagreeing_twins(planner, row, cells, plan.twins)
        if row.repeated:
            plan.skipped[REPEATED_ROW] = plan.skipped.get(REPEATED_ROW, 0) + 1
        else:
            plan.rows.append(row)
    plan.title = _title(sheet.rows[: header.index])
    plan.notices = (
        hidden_rows_notice([r.row for r in plan.rows], sheet.hidden_rows, "成绩")
        + _kept_notices(plan)
        + _override_notices(plan, planner)
        + _status_notices(db, plan)
    )
    return plan


def _status_notices(db: Database, plan: ScorePlan) -> list[str]:
    """People the roster no longer has at work (退休, 离岗 …) are scored and ranked as the file says — the year
    may be theirs — but never in silence: the clerk may have sent last year's list."""
    away = dict(
        db.execute(
            "SELECT id, status FROM people WHERE deleted_at IS NULL AND status NOT IN ('在岗', '试用期')"
        ).fetchall()
    )
    if not away:
        return []
    named = [f"第{r.row}行 {r.name}（{away[r.person_id]}）" for r in plan.to_write() if r.person_id in away]
    if not named:
        return []
    return [
        f"注意：以下人员在花名册中的状态不是在岗，仍导入成绩并参加排名：{summarize_labels(named, 10, '人')}。"
        "如不应参加本次考核，请从表中删去，或导入后标为“不参加考核”"
    ]


# A title names the period it holds: 2025年度…, 2026年第一季度…, 2025—2026年度… (a 填报日期：2026年1月8日 line is no
# title: the annual sheet is filled in the next January).
_TITLE = _Lazy(r"(?:19|20)[0-9]{2}\s*年(?:度|\s*第)")
_YEARS = _Lazy(r"(?:19|20)[0-9]{2}")
_QUARTER = _Lazy(r"第\s*([1-4一二三四])\s*季度")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _title(above: list[list[object]]) -> str:
    texts = (text for row in above for text in cell_texts(row) if text)
    return next((text for text in texts if _TITLE.search(text) and "日期" not in text), "")


def period_notes(plan: ScorePlan, label: str, year: int, quarter: int | None, *, new: bool) -> list[str]:
    """What the dry run and the import window say of the period the scores go to (`label`: 2026年度考核（…）):
    that it will be made, and a title that names another one."""
    notes = [f"将新建考核：{label}。"] if new else []
    if notice := title_notice(plan, year, quarter):
        notes.append(notice)
    return notes


def title_notice(plan: ScorePlan, year: int, quarter: int | None) -> str | None:
    """'注意：…' when the sheet's title names a year (or a quarter) other than the one it is imported into."""
    years = {int(found) for found in _YEARS.findall(plan.title)}
    quarters = {_QUARTERS.get(q) or int(q) for q in _QUARTER.findall(plan.title)}
    if not years or (year in years and (quarter is None or not quarters or quarter in quarters)):
        return None
    into = f"{year}年度" if quarter is None else f"{year}年第{quarter}季度"
    return f"注意：表格标题是“{plan.title}”，本次导入到{into}的考核。如年度或季度有误，请改正后重新导入"


def _kept_notices(plan: ScorePlan) -> list[str]:
    """Blank cells over recorded scores: kept, and said, since the clerk may have meant to clear them."""
    rows = [f"第{r.row}行" for r in plan.rows if r.kept and r.action != Action.REJECT]
    if not rows:
        return []
    listed = summarize_labels(rows, unit="行")
    return [f"{listed}有空白的成绩，保留了已录入的分数（空白不会清除分数；要清除请在窗口中删去）"]


def _override_notices(plan: ScorePlan, planner: RowPlanner) -> list[str]:
    """A grade set by hand stays when the scores under it change: said, since its reason was about the old ones."""
    notices = []
    for row in plan.rows:
        override = planner.overrides.get(row.person_id) if row.action == Action.UPDATE else None  # type: ignore[arg-type]
        if override:
            grade, reason = override
            notices.append(
                f"第{row.row}行 {row.name}：等次是手工定的“{grade}”（理由：{' '.join(reason.split())}），"
                "成绩改变后仍按手工等次；如需按新成绩评定，请撤销手工等次（排名中的“取消调整”，或命令行 "
                "grassroots appraisal override … --clear）"
            )
    return notices


def _scale_problems(
    scheme: Scheme, columns: dict[int, str], headers: list[str], rows: list[list[object]]
) -> list[str]:
    """A column whose header gives another maximum or weight than the scheme's: its numbers are not the raw
    scores the scheme weighs (工作考核（满分50分） holds scores already weighted), so nothing is read."""
    components = {c.key: c for c in scheme.components}
    return [
        problem
        for column, what in columns.items()
        if what in components
        and (problem := scale_problem(headers[column], components[what], lambda c=column: _largest(rows, c)))
    ]


def _largest(rows: list[list[object]], column: int) -> float | None:
    """The column's largest number, typed or written as text (a CSV's cells are all text)."""
    numbers = [number for row in rows if column < len(row) and (number := _number(row[column])) is not None]
    return max(numbers, default=None)


def _number(value: object) -> float | None:
    if type(value) in (int, float):  # not a tick box's bool
        return value  # type: ignore[return-value]
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


_STATISTICS = re.compile(r"(?:全[部体])?(?:平均|均|最高|最低|中位)(?:分|值|数|成绩|得分)?")


def _statistics(texts: list[str], id_column: int) -> str | None:
    """'统计行' for a 平均 / 最高分 row under the people: no name-and-ID, a statistic's word in front."""
    if id_column < len(texts) and texts[id_column]:
        return None
    first = next(text for text in texts if text)
    return "统计行" if _STATISTICS.fullmatch(same_text(first)) else None


def _no_components(db: Database, scheme: Scheme, headers: list[str]) -> str:
    """Why a file with no component column is refused, naming the scheme the columns do fit, if one does."""
    first = scheme.components[0]
    said = (
        f"表格中没有任何考核项目的列。方案“{scheme.name}”的项目是：{'、'.join(c.name for c in scheme.components)}，"
        f"列名应与之相同（可以注明权重或满分，如“{first.name}（{(first.weight * 100).normalize():f}%）”）。"
        "按权重折算后的分数不能导入，请填原始分。"
    )
    other = _fitting_scheme(db, scheme, headers)
    return f"{said}{other}" if other else said


def _fitting_scheme(db: Database, scheme: Scheme, headers: list[str]) -> str | None:
    """'这份表格的列是方案“…”（代码 …）的项目…' when every component of another scheme has a column."""
    from app.appraisal.schemes import list_schemes

    for other in list_schemes(db):
        labels = labels_of(other)
        found = {what for text in headers if (what := component_of(text, labels)) and what != BONUS_KEY}
        if other.key != scheme.key and len(found) == len(other.components):
            return f"这份表格的列是方案“{other.name}”（代码 {other.key}）的项目，请确认选择的考核方案。"
    return None


def commit_score_import(
    db: Database, plan: ScorePlan, key: str, year: int, quarter: int | None, actor: str
) -> OpResult:
    """Write the rows the plan accepts, in one transaction: the period is created first if it is new. Rejected
    and unchanged rows are left out. The caller has made a backup."""
    inputs = [ScoreInput(r.person_id, r.scores, r.bonus, r.has_bonus) for r in plan.to_write()]  # type: ignore[arg-type]
    # Both references of every score row are checked in the transaction below: the period is found or made in
    # it, and set_many_scores refuses the whole import if anyone is no longer on the roster.
    with collector_paused(), references_checked_by_caller(db.conn), db.atomic():
        period = find_period(db, key, year, quarter)
        if period is None:
            problem = period_problem(find_scheme(db, key), year, quarter)
            if problem:
                raise OperationRefused(problem)
            period_id = create_period_row(db, key, year, quarter, actor)
        else:
            refuse_if_finalized(period)
            period_id = period.id
        if not inputs:
            return OpResult(APPRAISAL_CHANGED, period_id, "没有需要写入的成绩")
        return set_many_scores(db, period_id, inputs, actor, checked=True)


def header_notes(plan: ScorePlan) -> list[str]:
    """What the dry run and the import window say before the rows: how columns were read, what was not read,
    and what the clerk may not have seen (hidden rows, a grade set by hand over changed scores)."""
    lines = []
    if plan.read_as:
        lines.append(f"按方案项目读取：{'；'.join(f'{h} → {n}' for h, n in plan.read_as)}")
    if plan.ignored:
        lines.append(f"以下列不是成绩，已忽略：{summarize_labels(plan.ignored)}")
    if plan.twins:
        twins = "、".join(
            f"{t.header}（{column_letters(t.column + 1)}列，与{column_letters(t.primary + 1)}列“{t.primary_header}”重复）"
            for t in plan.twins
        )
        lines.append(f"以下列与前面的同名项目重复，未读取（两列分数不同的行将被拒绝），请删去或改名：{twins}")
    if plan.absent:
        lines.append(
            f"表格中没有以下项目的列，这些成绩保持不变（从未录入的记为待补录）：{'、'.join(plan.absent)}"
        )
    return lines + plan.notices


def describe_plan(plan: ScorePlan) -> list[str]:
    """The dry run as lines for the command line (and a log): the header, what is ignored, each row's fate."""
    rows = f"{plan.header_row}–{plan.header_end}" if plan.header_end > plan.header_row else plan.header_row
    lines = [f"文件“{plan.file_name}”，工作表“{plan.sheet}”，表头在第{rows}行。", *header_notes(plan)]
    if plan.other_sheets:
        named = "、".join(f"“{name}”" for name in plan.other_sheets)
        lines.append(
            f"注意：工作表{named}也是成绩表，本次没有导入（一次导入一张）。请用 --sheet 工作表名 逐张导入。"
        )
    lines.append(f"检查结果：{plan.summary()}。")
    lines += [f"  跳过{reason} {count} 行" for reason, count in plan.skipped.items()]
    for row in plan.rows:
        if row.action == Action.UPDATE:
            changes = "；".join(f"{k}：{old or '（空）'} → {new}" for k, (old, new) in row.changes.items())
            lines.append(f"  第{row.row}行 {row.name}：更新 {changes}")
        if row.missing and row.action != Action.REJECT:
            said = "、".join(f"“{t}”" for t in dict.fromkeys(row.placeholders))
            blank = f"（{said}按空白处理）" if said else ""
            lines.append(
                f"  第{row.row}行 {row.name}：缺少{'、'.join(row.missing)}的成绩，将记为待补录{blank}"
            )
    lines += [f"  拒绝 {problem.text()}" for row in plan.rejected() for problem in row.problems]
    return lines
