"""What stops a printout, said so that the clerk knows who, which character and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from app.changes import OperationRefused


class PrintError(OperationRefused):
    """A document that cannot be made (no data, an unfinalized period, a file that cannot be written)."""


@dataclass(frozen=True)
class MissingGlyph:
    """A character that no font found on this PC can draw, and whose text it is in."""

    who: str  # the person's name (or the field's label when the text is not a person's)
    char: str
    field: str = "姓名"

    def __str__(self) -> str:
        return f"{self.who}（{self.field}中的“{self.char}”，U+{ord(self.char):04X}）"


def missing_text(missing: list[MissingGlyph]) -> str:
    """One sentence naming everyone affected, with the fix."""
    shown = "；".join(str(m) for m in missing[:10])
    more = f" 等 {len(missing)} 处" if len(missing) > 10 else ""
    return (
        f"这些字在本机所有可用字体中都没有，打印出来会是空白：{shown}{more}。"
        "请在“打印”页的“字体”中指定一个包含这些字的字体文件（如 Windows 的 simsunb.ttf），然后重新打印"
    )


class MissingGlyphs(PrintError):
    """A list (ranking, roster) is never printed with a gap: the whole document is refused."""

    def __init__(self, missing: list[MissingGlyph]):
        self.missing = missing
        super().__init__(missing_text(missing))
