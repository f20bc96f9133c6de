"""Which rows of a training sheet hold nobody: what RowKinds (app/exchange/cells.py) says of every import's rows
(blank, 合计, 注, a section's heading, a repeated header …), and beyond it the lines that close a list of people
(联系电话：…, 负责人签字：…) and a numbered row left blank. One recognition for the attendance import and the
three sheets of a selection round's workbook, so that such a row is skipped alike in both, counted by why.

A person's row is never one of them: a row with an ID number, or with a name in the name column that is not
itself such a line, is read as a person's (and refused, saying what is missing, when it lacks something).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

from app.exchange.cell_errors import ExcelError, error_row
from app.exchange.cells import RowKinds

NOBODY = "未填人员的行"
CLOSING_ROW = "说明行"  # as RowKinds calls 填表人：… and 注：…
NAME, ID = "name", "id_number"

# Matched against the text after NFKC with no spaces: ：is :, （）are (). A label that closes a list, then a
# colon or nothing more ('负责人签字：', '联系电话:8555…', '负责人（签字）').
_CLOSING = re.compile(
    r"(?:联系电话|联系方式|办公电话|电话|手机号码|手机|传真|电子邮箱|邮箱|"
    r"(?:单位|主要|分管)?负责人|(?:分管|主管)?领导|填表人|填报人|制表人|审核人|审批人|经办人|联系人|"
    r"签字|签名|签章|填表日期|填报日期|报送日期|制表日期|审核日期|日期)"
    r"(?:\(?(?:签字|签名|签章|盖章)\)?)?(?::|$)"
)
_ID_DIGITS = re.compile(r"[0-9]{15}")


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class PersonRows:
    """Why a row of one sheet holds nobody, given the columns read (column → what it holds: NAME and ID among
    them) and the header's labels."""

    def __init__(self, columns: dict[int, str], headers: list[str]):
        self.read = list(columns)
        self.names = [c for c, what in columns.items() if what == NAME]
        self.ids = [c for c, what in columns.items() if what == ID]
        self.kinds = RowKinds({c: what for c, what in columns.items() if what in (NAME, ID)}, headers)

    def kind(self, texts: list[str], errors: Sequence[tuple[int, ExcelError]] = ()) -> str | None:
        """None for a person's row; else why it is none. `errors`: the error values in the columns read —
        a row with one is a person's, refused for it (unless it has nothing else: error_row)."""
        kind = error_row(self.kinds.kind(texts), texts, self.read, errors)
        if kind or errors:
            return kind
        return self._closing(texts) or self._nobody(texts)

    def _text(self, texts: list[str], columns: Collection[int]) -> str:
        return next((texts[c] for c in columns if c < len(texts) and texts[c]), "")

    def _closing(self, texts: list[str]) -> str | None:
        """联系电话：…, 负责人签字：… under the list: the name cell (or, without one, the first filled cell) says
        it, and no ID number is beside it."""
        if any(_ID_DIGITS.search(_squeeze(texts[c])) for c in self.ids if c < len(texts)):
            return None
        said = self._text(texts, self.names) or next(t for t in texts if t)
        return CLOSING_ROW if _CLOSING.match(_squeeze(said)) else None

    def _nobody(self, texts: list[str]) -> str | None:
        """A row with a 序号 (or a 性别, a 社区) but nothing in the columns read: a numbered row of the form
        left blank, not a person to refuse."""
        return None if any(texts[c] for c in self.read if c < len(texts)) else NOBODY
