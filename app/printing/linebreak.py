"""Chinese line breaking: reportlab's CJK wrapping with the Chinese punctuation rule.

reportlab's own rule is Japanese-oriented: it lets ，；：？！》” start a line and hangs 。 past the right margin.
Here a character that may not start a line (，。！？；：、”’》）… and their kin) takes the character before it to
the next line with it (推出), and an opening bracket or quote never ends a line; nothing hangs in the margin.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

NO_LINE_START = frozenset("，。！？；：、”’》）…—·〉」』】〕〗｝］,.!?;:)]}%‰℃％")
NO_LINE_END = frozenset("“‘《（〈「『【〔〖｛［([{")
_FUZZ = 1e-6


def break_point(chars: list[str], start: int, end: int) -> int:
    """Where the line that starts at `start` ends, when `chars[end]` is the first that does not fit: moved back
    while the next line would start with a forbidden character or this line end with an opening one, and
    never inside a run of Latin letters or digits (unless the run fills the line)."""
    cut = end
    while cut > start + 1 and (chars[cut] in NO_LINE_START or chars[cut - 1] in NO_LINE_END):
        cut -= 1
    if _latin(chars[cut]) and _latin(chars[cut - 1]):
        word = cut
        while word > start and _latin(chars[word - 1]):
            word -= 1
        if word > start:
            cut = word
    return cut


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_lines(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """The fragments' characters cut into lines no wider than `max_widths` by the rule above; a <br/> is an
    empty fragment marked lineBreak and ends its line."""
    chars = [cjkU(char, frag, "utf8") for frag in frags for char in (frag.text or [""])]
    lines = []
    start = 0
    while start < len(chars):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        used, end, forced = 0.0, start, False
        while end < len(chars):
            if hasattr(chars[end].frag, "lineBreak"):
                end, forced = end + 1, True
                break
            if used + chars[end].width > limit + _FUZZ and end > start:
                break
            used += chars[end].width
            end += 1
        if end < len(chars) and not forced:
            end = break_point(chars, start, end)
        used = sum(c.width for c in chars[start:end])
        lines.append(makeCJKParaLine(chars[start:end], limit, used, limit - used, forced, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


class CJKParagraph(Paragraph):
    """A Paragraph that wraps Chinese by the punctuation rule (its style must say wordWrap='CJK')."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 (reportlab's names)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        if not self.frags or any(hasattr(f, "cbDefn") for f in self.frags):
            return super().breakLinesCJK(maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return split_lines(self.frags, list(maxWidths), auto not in ("", "off"))


def wrap_text(text: str, width_of: Callable[[str], float], first: float, rest: float) -> list[str]:
    """Plain text cut into lines no wider than `first` (the first line) and `rest`, by the same rule: for text
    drawn straight on a canvas (certificates), where a Paragraph per line would cost more than the drawing."""
    chars = list(text)
    lines: list[str] = []
    start = 0
    while start < len(chars):
        limit = rest if lines else first
        used, end = 0.0, start
        while end < len(chars) and (end == start or used + width_of(chars[end]) <= limit + _FUZZ):
            used += width_of(chars[end])
            end += 1
        if end < len(chars):
            end = break_point(chars, start, end)
        lines.append("".join(chars[start:end]))
        start = end
    return lines
