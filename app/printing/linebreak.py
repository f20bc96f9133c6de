"""Chinese line breaking: reportlab's CJK wrapping with the Chinese punctuation rule.

reportlab's own rule is Japanese-oriented: it lets ，；：？！》” start a line and hangs 。 past the right margin.
Here a character that may not start a line (，。！？；：、”’》）… and their kin) takes the character before it to
the next line with it (推出), and an opening bracket or quote never ends a line; nothing hangs in the margin.
A short part of a name joined by · (阿卜杜热合曼·买买提·吐尔逊) or of a unit's path (浆洗街街道 / 锦绣社区) is kept
whole: the line ends after the · or the / before it, not at 吐尔 / 逊.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

NO_LINE_START = frozenset("，。！？；：、”’》）…—·〉」』】〕〗｝］,.!?;:)]}%‰℃％")
NO_LINE_END = frozenset("“‘《（〈「『【〔〖｛［([{")
_FUZZ = 1e-6
NAME_DOTS = frozenset("·•‧・")  # the dots between a transliterated name's parts, as people type them
PART_CHARS = 10  # a part longer than this is not a name's or a unit's: it breaks anywhere, as any text


def break_point(chars: list[str], start: int, end: int) -> int:
    """Where the line that starts at `start` ends, when `chars[end]` is the first that does not fit: moved back
    while the next line would start with a forbidden character or this line end with an opening one, and
    never inside a run of Latin letters or digits (unless the run fills the line)."""
    cut = end
    while cut > start + 1 and (chars[cut] in NO_LINE_START or chars[cut - 1] in NO_LINE_END):
        cut -= 1
    cut = _part_start(chars, start, cut)
    if _latin(chars[cut]) and _latin(chars[cut - 1]):
        word = cut
        while word > start and _latin(chars[word - 1]):
            word -= 1
        if word > start:
            cut = word
    return cut


def _part_start(chars: list[str], start: int, cut: int) -> int:
    """`cut`, or where the short part it falls in begins when a · or / before it on this line joins that part to
    the one before (吐尔|逊 in …艾力江·吐尔逊 → |吐尔逊)."""
    if not (_letter(chars[cut - 1]) and _letter(chars[cut])):
        return cut
    begin = cut - 1
    while begin > start and _letter(chars[begin - 1]):
        begin -= 1
    end = cut + 1
    while end < len(chars) and _letter(chars[end]):
        end += 1
    if begin - 1 <= start or end - begin > PART_CHARS:
        return cut  # the part starts the line (it is cut as it must be), or it is a long run of text
    joint = chars[begin - 1]
    if joint in NAME_DOTS or joint == "/" or (joint == " " and chars[begin - 2] == "/"):
        return begin
    return cut


def _letter(char: str) -> bool:
    return char.isalnum()


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
