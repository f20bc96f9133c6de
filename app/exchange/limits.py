"""How much a roster file may hold: the limits that keep a hostile or broken file from eating the PC.

A district's roster is a few thousand people in 19–40 columns; the largest import the app is measured with is
100,000 rows. Everything here is far above what a real roster needs and far below what hurts a 4 GB office PC:
python-calamine builds a dense grid of every sheet (32 bytes a cell, blanks included) before Python sees a row,
so one stray value in cell XFD1048576 asks for 549 GB and aborts the process. The reader checks these limits
before calamine reads anything.

Per-field maxima apply to the text of a cell (as ``cells.cell_text`` gives it) before any other check of the
row, for .xlsx, .xls and CSV alike: a cell longer than its field's maximum rejects that row, never the file.
They are looser than validation's own rules on purpose (``app.people.validation`` still refuses a 姓名 of more
than 30 characters after its spaces are removed): they only say "this cannot be a 姓名", so that a 5,000-character
cell is refused at once instead of being parsed, matched and repeated in every message.
"""

from __future__ import annotations

__all__ = [
    "FIELD_MAX_CHARS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "MAX_SHARED_TEXT_BYTES",
    "MESSAGE_VALUE_CHARS",
    "clip",
    "limits_text",
]

MAX_FILE_BYTES = 64 * 1024 * 1024  # a 100,000-row roster is ~8 MB as .xlsx, ~25 MB as CSV
MAX_ROWS = 200_000  # twice the largest import the app is measured with
MAX_COLUMNS = 1_000  # a roster has 19–60 columns; Excel 2003 had 256
MAX_CELLS = 6_000_000  # rows × columns of the used range: ~200 MB in calamine's dense grid
# Inside an .xlsx (a zip): how big one decompressed part (a sheet's XML, the shared strings) may be. A zip bomb
# stops here; a 100,000-row sheet is ~60 MB of XML.
MAX_PART_BYTES = 256 * 1024 * 1024
# The text that the sheet's cells take from the shared-strings table, counted once per cell (UTF-8 bytes): one
# 32,000-character string used by 100,000 cells is 3.2 GB of text from a 1 MB file. A real roster uses ~30 MB.
MAX_SHARED_TEXT_BYTES = 100 * 1024 * 1024

MESSAGE_VALUE_CHARS = 40  # a value quoted in a message is cut here, with "…"

# Field -> the most characters its cell may hold (see the module's note: looser than validation, on purpose).
FIELD_MAX_CHARS: dict[str, int] = {
    "name": 50,  # validation allows 30 without spaces; the cell may carry padding ('王　　伟')
    "gender": 10,
    "ethnicity": 20,
    "id_number": 40,  # 18 characters, plus the spaces, dashes or tab people type between the groups
    "birth_date": 40,  # '1990年10月1日（农历）'
    "education": 30,
    "major": 100,
    "political_status": 30,
    "party_join_date": 40,
    "work_start_date": 40,
    "post_start_date": 40,
    "unit": 100,  # a path '区 / 街道 / 社区' or a 两新组织's full name
    "position": 100,
    "role": 30,
    "phone": 50,  # two numbers: '13800138000，028-85556666'
    "source": 30,
    "status": 20,
    "social_work_level": 30,
    "note": 2_000,
}


def clip(text: str, limit: int = MESSAGE_VALUE_CHARS) -> str:
    """`text` for a message: at most `limit` characters, the rest said as '…（共 N 个字）'."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 个字）"


def limits_text() -> str:
    """The limits as a clerk reads them, for messages that refuse a file."""
    return f"最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，文件不超过 {MAX_FILE_BYTES // (1024 * 1024)} MB"
