"""What a printout made: the file, its pages, who is on it, who was left out and why, and what to know."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.printing.problems import MissingGlyph, missing_text


@dataclass(frozen=True)
class Printed:
    out: Path
    what: str  # 花名册, 排名表 …
    count: int  # people (or certificates) printed
    pages: int
    left_out: list[MissingGlyph] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # fonts that fell back, the stroke order's unknown characters
    extra: list[Path] = field(default_factory=list)  # files saved beside the PDF (the certificate register)

    def summary(self) -> str:
        text = self.done_text()
        return f"{text}。{self.left_out_text()}" if self.left_out else text

    def done_text(self) -> str:
        return f"已生成{self.what}：{self.count} 人，{self.pages} 页"

    def left_out_text(self) -> str:
        """Who was not printed and why ('' when everyone was): the command line says it on stderr."""
        if not self.left_out:
            return ""
        names = "、".join(dict.fromkeys(m.who for m in self.left_out))
        return f"未打印：{names}——{missing_text(self.left_out)}"

    def lines(self) -> list[str]:
        """What was made, then each note and each extra file, as the command line prints them to stdout (who
        was left out goes to stderr: left_out_text)."""
        return [
            self.done_text(),
            *(f"注意：{note}" for note in self.notes),
            *(f"另存：{p}" for p in self.extra),
        ]
