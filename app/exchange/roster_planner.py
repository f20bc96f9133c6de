"""Planning one roster row: what the office holds (KnownOffice) and how a row of cells becomes a RowPlan
(Planner), remembering what earlier rows of the same file used. roster_import drives it row by row."""

from __future__ import annotations

import datetime as dt
import operator
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.changes import ValidationError
from app.exchange.cell_errors import (
    error_problems,
    with_error_problems,
    without_errors,
)
from app.exchange.cells import NOTHING, cell_text
from app.exchange.choice_words import ChoiceReader
from app.exchange.date_precision import coarser
from app.exchange.limits import FIELD_MAX_CHARS, clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, ImportPlan, Problem, RowPlan
from app.exchange.row_notes import given_values, nameless, phone_note, read_otherwise
from app.exchange.units_match import UnitMatcher
from app.people.fields import EXPORT_FIELDS
from app.people.idnumber import exact_15_digits, looks_like_excel_number, stored_form
from app.people.living import LIVING_PEOPLE
from app.people.phones import phone_remark, phones_with_remarks
from app.people.validation import clean_person

_NO_QUALIFICATION = frozenset(("无", "暂无", "没有"))  # 社工资格 无: a value of its own
CHOICE_FIELDS = (
    "gender",
    "ethnicity",
    "education",
    "political_status",
    "source",
    "status",
    "social_work_level",
    "role",
)
# Fields a file can set on a person; gender and birth date are derived from the ID number and only checked.
STORED_FIELDS = (
    "role", "name", "ethnicity", "id_number", "education", "major", "political_status", "party_join_date",
    "work_start_date", "post_start_date", "unit_id", "position", "phone", "source", "status",
    "social_work_level", "note",
)  # fmt: skip
# How Planner._typed_values reads each field.
_TEXT, _DATE, _ID, _CHOICE = "text", "date", "id", "choice"
_DATES = ("party_join_date", "work_start_date", "post_start_date")
_KINDS = {
    "id_number": _ID,
    **dict.fromkeys(("birth_date", *_DATES), _DATE),
    **dict.fromkeys(CHOICE_FIELDS, _CHOICE),
}


@dataclass(frozen=True)
class KnownOffice:
    """What a plan compares the rows with: the units, the people on the roster and those in the recycle bin."""

    units: UnitMatcher
    existing: dict[str, dict[str, Any]]
    binned: dict[str, str]  # ID number -> name

    @classmethod
    def load(cls, db: Database, scope: int | None) -> KnownOffice:
        binned = db.execute("SELECT id_number, name FROM people WHERE deleted_at IS NOT NULL").fetchall()
        return cls(UnitMatcher.load(db, scope), _existing_people(db), dict(binned))


class Planner:
    """Turns one row of cells into a RowPlan, remembering what earlier rows of the same file used."""

    def __init__(
        self,
        office: KnownOffice,
        mapping: dict[int, str],
        headers: list[str],
        defaults: dict[str, Any],
        today: dt.date,
    ):
        self.mapping, self.headers, self.defaults, self.today = mapping, headers, defaults, today
        # Where each field is read from (of two columns named alike, the later, as _raw has it).
        self.column_of = {field: column for column, field in mapping.items()}
        # Each field a row can give, in order: the column it is read from (None: the file lacks it) and how.
        self.fields = [
            (field, self.column_of.get(field), _KINDS.get(field, _TEXT)) for field in EXPORT_FIELDS
        ]
        # Each field the file gives, with its column and the most characters its cell may hold.
        self.longest = [(f, c, FIELD_MAX_CHARS[f]) for f, c, _k in self.fields if c is not None]
        # The same by column, for a row as wide as the header (every row of a sheet is): a quick look first.
        self.most_by_column = [sys.maxsize] * len(headers)
        for _f, column, most in self.longest:
            if column < len(headers):
                self.most_by_column[column] = most
        self._read_by_kind()
        self.units, self.existing, self.binned = office.units, office.existing, office.binned
        self.seen: dict[str, int] = {}  # ID number -> row number where the file first had it
        self.repeats: list[tuple[int, int, dict[str, Any]]] = []  # (first row, repeating row, what it says)
        # What the file speaks about: only these fields are compared with (and may update) a known person.
        named = {"unit_id" if f == "unit" else f for f in mapping.values()}
        # Defaults fill columns the file lacks for people new to the office; a known person keeps their own.
        self.compared = named & set(STORED_FIELDS)
        self.compared_in_order = sorted(self.compared, key=STORED_FIELDS.index)
        # The same few words (学历, 政治面貌, a unit's name…) fill thousands of rows: each distinct text is looked
        # up once. Both remember a refusal too, as its message: (field, text) -> (value, error), and
        # text -> (unit id, error).
        self.choices: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self.reader = ChoiceReader(status_header=self.label("status") if "status" in self.column_of else None)
        self.unit_ids: dict[str, tuple[int | None, str | None]] = {}
        self.usual: Any = None  # roster_plain's look at this file's columns, made by its first row
        # The columns where '/', '无' … mean a blank: all but the name and the number (refused there as written);
        # under 社工资格, 无 and 暂无 are a value (no qualification).
        self.blankable = {
            column: NOTHING - _NO_QUALIFICATION if field == "social_work_level" else NOTHING
            for column, field in mapping.items()
            if field not in ("name", "id_number")
        }
        self._qualification = self.column_of.get("social_work_level")
        plain = [column for column, nothing in self.blankable.items() if nothing is NOTHING] or [0]
        self._nothing_columns = operator.itemgetter(*plain, plain[0])  # a tuple even of one column

    def says_nothing(self, texts: list[str]) -> bool:
        """Whether a cell of the row says only "nothing here" where that means a blank: one look, in C, at the
        columns where every such word does, and one at 社工资格 (whose 无 is a value: half a roster's rows)."""
        if len(texts) < self.width:
            return not NOTHING.isdisjoint(texts)  # a short row: read cell by cell, as it is rare
        if not NOTHING.isdisjoint(self._nothing_columns(texts)):
            return True
        return (
            self._qualification is not None
            and texts[self._qualification] in self.blankable[self._qualification]
        )

    def without_nothing(self, cells: list[Any], texts: list[str]) -> tuple[list[Any], list[str]]:
        """The row with each cell that only says "nothing here" ('/', '—', '无' …) blank, as copies."""
        cells, texts = list(cells), list(texts)
        for column, nothing in self.blankable.items():
            if column < len(texts) and texts[column] in nothing:
                texts[column], cells[column] = "", None
        return cells, texts

    def _read_by_kind(self) -> None:
        """The fields grouped by how they are read, for a row as wide as its columns (_gather)."""
        given = [(f, c, k) for f, c, k in self.fields if c is not None]
        self.width = max((c for _f, c, _k in given), default=-1) + 1
        texts = [(f, c) for f, c, k in given if k is _TEXT]
        self.text_fields = [f for f, _c in texts]
        columns = [c for _f, c in texts]
        self.texts_of = (
            operator.itemgetter(*columns) if len(columns) > 1 else lambda row, c=columns: [row[i] for i in c]
        )
        self.date_columns = [(f, c) for f, c, k in given if k is _DATE]
        # The fields that can have a problem, in the order their problems are said.
        self.checked_columns = [(f, c, k is _ID) for f, c, k in given if k is _ID or k is _CHOICE]
        # A field the file has no column for reads as a blank cell would: no date, else no text.
        self.absent = {f: None if k is _DATE else "" for f, c, k in self.fields if c is None}

    def label(self, field: str) -> str:
        column = self.column_of.get(field)
        return (
            self.headers[column]
            if column is not None and column < len(self.headers)
            else EXPORT_FIELDS.get(field, field)
        )

    def plan_row(
        self, row_number: int, cells: list[Any], texts: list[str] | None = None, errors: Sequence[Any] = ()
    ) -> RowPlan:
        """`texts`, if given, is [cell_text(value) for value in cells], error values blank; `errors`: the
        (column, ExcelError) of the mapped columns, each refusing the row (cell_errors.screen_row gives both)."""
        if texts is None:
            texts = [cell_text(value) for value in cells]
        # The sheet's own row, not a copy, for the problem report: nothing changes a row once it is read.
        plan = RowPlan(row=row_number, action=Action.NEW, cells=cells)
        if errors:
            cells = without_errors(cells, texts)[0]
        # Shown beside the row number in the CLI and the wizard: a 5,000-character "name" is cut.
        plan.name, plan.unit_name = clip(self._text_of("name", texts), 20), clip(self._text_of("unit", texts))
        self._failed: set[str] = set()  # fields of this row that already have a problem
        texts = self._texts = self._refuse_too_long(texts, plan)
        number = self._text_of("id_number", texts) if self.existing else ""
        self._known = self.existing.get(stored_form(number)) if number else None
        data = self._typed_values(cells, texts, plan)
        plan.given = given_values(data, self.column_of, self.defaults)
        remark = phone_remark(data.get("phone")) if data.get("phone") else None
        others, several_remark = self._one_phone(data)
        remark = several_remark if others else remark  # several numbers: each keeps its own remark
        # Every problem of the row at once, so a street fixes its file in one round.
        self._validate(data, cells, plan)
        if errors:
            said = error_problems(row_number, plan.name, errors, self.headers)
            plan.problems = with_error_problems(plan.problems, said)
        if (others or remark) and not plan.problems:
            self._keep_in_note(plan, others, remark)
        if plan.problems:
            plan.action = Action.REJECT
            return plan
        self._compare_with_existing(plan, noted=bool(others or remark))
        if "name" in plan.changes:
            self._refuse_other_name(plan)
        return plan

    def _refuse_other_name(self, plan: RowPlan) -> None:
        """A number on the roster under another name is far more often a mistyped number (or a 姓名 column
        sorted on its own) than a change of name: --update would give one person's record to someone else."""
        held, written = plan.changes["name"]
        self.problem(plan, "name", written,
                     f"公民身份号码 {plan.id_number} 在册人员是“{held}”，与本行姓名不同：号码可能填错了。"
                     "如确是本人改了名字，请先在人员档案中改名，再导入")  # fmt: skip
        plan.action, plan.changes, plan.person_id = Action.REJECT, {}, None

    def _one_phone(self, data: dict[str, Any]) -> tuple[list[str], str | None]:
        """A phone cell of several numbers (139…\n028-…): a mobile still in use, else the first, is the phone; the
        others are returned for the note (_keep_in_note), each with its remark (13912345678（已停机）), and the
        phone's own remark. The person has one 联系电话, and neither a number nor a remark is dropped."""
        text = data.get("phone")
        numbers = phones_with_remarks(text) if text and "phone" not in self._failed else None
        if numbers is None:
            return [], None
        (data["phone"], remark), *others = numbers
        return [f"{number}（{said}）" if said else number for number, said in others], remark

    def _keep_in_note(self, plan: RowPlan, others: list[str], remark: str | None = None) -> None:
        """The phone's other numbers, and a remark in brackets after it (已停机, 微信同号), added to the note (the
        one on record when the file's is blank), each once: importing the file again changes nothing."""
        values = plan.values
        known = self.existing.get(plan.id_number)
        note = values["note"] or (known["note"] if known is not None else None) or ""
        note, said = phone_note(note, values["phone"], others, remark)
        plan.notices += said
        if (
            len(note) > FIELD_MAX_CHARS["note"]
        ):  # the export writes it, and a longer note is refused on reading
            self.problem(plan, "phone", self._raw(plan.cells).get("phone"),
                         "联系电话中有几个号码，但备注已经写满，放不下其余的号码：请只留一个号码，其余的写在备注中")  # fmt: skip
            plan.values = {}
            return
        values["note"] = note or None

    def problem(self, plan: RowPlan, field: str, value: Any, message: str) -> None:
        # A value quoted in a message is cut: 20,000 rejections of a 5,000-character cell printed 6.9 GB.
        # A float as Excel shows a long number (5.10107e+17); a 15-digit ID number cell lost nothing: its digits.
        shown = (
            f"{value:.6g}"
            if isinstance(value, float) and not exact_15_digits(value)
            else clip(cell_text(value))
        )
        self._failed.add(field)
        column = clip(self.label(field), 20) if field else ""
        plan.problems.append(Problem(plan.row, column, shown, message, person=plan.name))

    def _refuse_too_long(self, texts: list[str], plan: RowPlan) -> list[str]:
        """A cell longer than its field's maximum (limits.FIELD_MAX_CHARS) is a problem of its row, found
        before anything else reads it; the rest of the row sees it as blank and says nothing more of it."""
        size = len(texts)
        if size == len(self.most_by_column) and not any(
            map(operator.gt, map(len, texts), self.most_by_column)
        ):
            return texts
        too_long = [
            (field, column)
            for field, column, most in self.longest
            if column < size and len(texts[column]) > most
        ]
        if not too_long:
            return texts
        texts = list(texts)
        for field, column in too_long:
            label = EXPORT_FIELDS.get(field, field)
            self.problem(plan, field, texts[column],
                         f"{label}过长（{len(texts[column])}个字，最多{FIELD_MAX_CHARS[field]}个字），"
                         "不像是这一列的内容，请检查是否填错了列或粘贴了多余的文字")  # fmt: skip
            texts[column] = ""
        return texts

    def _blank(self, field: str) -> bool:
        """Whether the file has a column for `field` and this row leaves it blank."""
        column = self.column_of.get(field)
        return column is not None and (column >= len(self._texts) or not self._texts[column])

    def _text_of(self, field: str, texts: list[str]) -> str:
        column = self.column_of.get(field)
        return texts[column] if column is not None and column < len(texts) else ""

    def _raw(self, cells: list[Any]) -> dict[str, Any]:
        """Field -> the row's cell for it (None past the row's end); a field the file lacks is missing."""
        return {f: cells[c] if c < len(cells) else None for c, f in self.mapping.items()}

    def _typed_values(self, cells: list[Any], texts: list[str], plan: RowPlan) -> dict[str, Any]:
        if self._failed or len(cells) < self.width or len(texts) < self.width:
            data = self._gather_each(cells, texts, plan)
        else:
            data = self._gather(cells, texts, plan)
        for field, value in self.defaults.items():
            if not data.get(field):
                data[field] = value
        self._status_kept: str | None = None  # the 政治面貌 on record, read for the row's blank one
        if self._known is not None:  # a person the office knows: a blank cell keeps what is on record
            if data.get("role") == "":
                data["role"] = self._known["role"]
            if not data.get("unit") and "unit_id" not in data:
                data["unit_id"] = self._known["unit_id"]
            if not data.get("political_status") and self._known["political_status"]:
                # The rules then check a 入党时间 against it: a 党员's beside a blank 政治面貌 is a 党员's.
                data["political_status"] = self._status_kept = self._known["political_status"]
        self._resolve_unit(data, plan)
        if data.get("role") == "":  # blank or no column (a value that failed to match has its own problem)
            self.problem(plan, "role", "", "人员类别不能为空，应为：党建指导员、社区工作者、青年干部")
        return data

    def _gather(self, cells: list[Any], texts: list[str], plan: RowPlan) -> dict[str, Any]:
        """Each field's value as _gather_each reads it, for a row that reaches every column and has no cell
        refused as too long (almost every row): the texts taken at once, then the few fields read otherwise."""
        data: dict[str, Any] = dict(zip(self.text_fields, self.texts_of(texts), strict=True))
        data.update(self.absent)
        for field, column in self.date_columns:
            data[field] = cells[column]
        choices = self.choices
        for field, column, is_id in self.checked_columns:
            text = texts[column]
            if is_id:
                self._id_value(data, field, cells[column], text, plan)
            elif not text:
                data[field] = text
            elif (known := choices.get((field, text))) is not None and known[1] is None:
                data[field] = known[0]  # a text met before and understood: most of a column
            else:
                self._choice_value(data, field, cells[column], text, plan)
        return data

    def _gather_each(self, cells: list[Any], texts: list[str], plan: RowPlan) -> dict[str, Any]:
        """Each field's value, by how the field is read: None/"" past the row's end, nothing for a refused cell."""
        data: dict[str, Any] = {}
        size = len(cells)
        for field, column, kind in self.fields:
            if field in self._failed:  # too long: reported once, read no further
                continue
            if column is not None and column < size:
                value, text = cells[column], texts[column]
            else:
                value, text = None, ""
            if kind is _TEXT:
                data[field] = text
            elif kind is _DATE:
                data[field] = value  # parse_date understands Excel dates, serials and every typed spelling
            elif kind is _ID:
                self._id_value(data, field, value, text, plan)
            else:
                self._choice_value(data, field, value, text, plan)
        return data

    def _id_value(self, data: dict[str, Any], field: str, value: Any, text: str, plan: RowPlan) -> None:
        if looks_like_excel_number(value):
            self.problem(plan, field, value, EXCEL_NUMBER_FIX)
        else:
            data[field] = text

    def _choice_value(self, data: dict[str, Any], field: str, value: Any, text: str, plan: RowPlan) -> None:
        if text:
            known = self.choices.get((field, text))
            if known is None:
                try:
                    known = (self.reader.read(field, text), None)
                except ValueError as exc:
                    known = (None, str(exc))
                self.choices[(field, text)] = known
            text, error = known
            if error is not None:
                self.problem(plan, field, value, error)
                return
        data[field] = text

    def file_notices(self, plan: ImportPlan) -> list[str]:
        """What the dry run says once of the whole file, after its rows: the 学历 values whose 学位 was left out,
        and the 在岗 that new people get when the file has no 状态 column (as a missing 人员类别 is said)."""
        notices = self.reader.notices()
        if "status" not in self.column_of and not self.defaults.get("status") and plan.count(Action.NEW):
            notices.append("表格中没有“状态”列：新增的人员按“在岗”登记，在册人员的状态不变")
        return notices

    def _resolve_unit(self, data: dict[str, Any], plan: RowPlan) -> None:
        text = data.pop("unit", "")
        if "unit" in self._failed:
            return
        if not text:
            if "unit_id" not in data:
                self.problem(plan, "unit", "", "工作单位不能为空")
            return
        unit_id, error = self._unit_of(text)
        if (
            error is not None
            and self._known is not None
            and self._known["unit_id"] in self.units.candidates(text)
        ):
            unit_id, error = self._known["unit_id"], None  # of two 锦绣社区, the one the person is already in
        if error is None:
            data["unit_id"] = unit_id
        else:
            self.problem(plan, "unit", text, error)

    def _unit_of(self, text: str) -> tuple[int | None, str | None]:
        """(unit id, None) or (None, why not) for a 工作单位 text; resolve gives one text the same answer every
        time: asked once."""
        known = self.unit_ids.get(text)
        if known is None:
            try:
                known = (self.units.resolve(text), None)
            except ValueError as exc:
                known = (None, str(exc))
            self.unit_ids[text] = known
        return known

    def read_units_first(self, rows: Iterable[list[Any]]) -> None:
        """Resolve the file's 工作单位 texts before its rows, the longest paths first: a unit written both as
        浆洗街街道锦官驿社区 and as 锦官驿社区 is then the one new unit, whichever row comes first."""
        column = self.column_of.get("unit")
        if column is None:
            return
        most = FIELD_MAX_CHARS["unit"]
        texts = dict.fromkeys(cell_text(row[column]) for row in rows if column < len(row))
        written = [text for text in texts if text and len(text) <= most]
        for text in sorted(written, key=self.units.depth, reverse=True):
            self._unit_of(text)

    def _validate(self, data: dict[str, Any], cells: list[Any], plan: RowPlan) -> None:
        on_record = self._known["id_number"] if self._known is not None else None
        try:
            clean, info = clean_person(data, today=self.today, on_record=on_record)
        except ValidationError as exc:
            raw = self._raw(cells)
            for field, message in exc.errors.items():
                field = "unit" if field == "unit_id" else field
                if field == "name" and not data.get("name"):  # who it is, then: the number the row has
                    message = nameless(message, self._text_of("id_number", self._texts))
                elif field == "party_join_date" and self._status_kept:
                    message += f"（本行没有填写政治面貌，在册为“{self._status_kept}”）"
                if field not in self._failed:  # a value that could not be read was already reported
                    self.problem(plan, field, raw.get(field), message)
            return
        if plan.problems:
            return
        plan.id_number, plan.name = clean["id_number"], clean["name"]
        if info and info.upgraded_from:
            plan.notices.append(f"15位身份号码 {info.upgraded_from} 已升位为 {info.number}")
        plan.notices += read_otherwise(self._texts, self.column_of, clean)
        first = self.seen.setdefault(clean["id_number"], plan.row)
        if first != plan.row:
            self.repeats.append((first, plan.row, clean))
            self.problem(plan, "id_number", self._raw(cells).get("id_number"),
                         f"与本表第{first}行的公民身份号码重复，同一人只能出现一次")  # fmt: skip
            return
        # The clean record itself is what the row would store (the stored fields, with gender and birth date from
        # the ID number): a file brings no photo. Not a copy: 10,000 dicts of 19 values were a twentieth of a plan.
        del clean["photo"]
        plan.values = clean

    def _compare_with_existing(self, plan: RowPlan, *, noted: bool = False) -> None:
        """`noted`: the note holds the phone's other numbers (_keep_in_note), whether the file has a 备注
        column or not."""
        current = self.existing.get(plan.id_number)
        if current is None:
            if plan.id_number in self.binned:
                plan.notices.append(
                    f"回收站中有同一号码的“{self.binned[plan.id_number]}”，将新建一条在册记录（回收站中的那条将不能再恢复）"
                )
            return
        plan.person_id = current["id"]
        for field in self.compared_in_order:
            old, new = current.get(field), plan.values.get(field)
            # A blank cell never erases (nor defaults over) what the office already knows.
            blank = self._blank("unit" if field == "unit_id" else field)
            if blank or new in (None, "") or new == old:
                continue
            if field in _DATES and coarser(new, old, self._raw(plan.cells)[field]):
                continue  # 2010.07 beside the 2010-07-30 on record: less precise, never written over it
            plan.changes[field] = (old, new)
        if noted and plan.values["note"] != current.get("note"):
            plan.changes["note"] = (current.get("note"), plan.values["note"])
        plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED


def _existing_people(db: Database) -> dict[str, dict[str, Any]]:
    columns = ["id", *STORED_FIELDS, "gender", "birth_date"]
    rows = db.execute(f"SELECT {', '.join(columns)} {LIVING_PEOPLE}").fetchall()
    at = columns.index("id_number")
    return {row[at]: dict(zip(columns, row, strict=True)) for row in rows}
