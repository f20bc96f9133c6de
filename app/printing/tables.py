"""Bordered tables as Chinese forms draw them: thin grid, grey header repeated on every page, text centred
vertically; a cell holds a Paragraph so that long unit names wrap and rare characters get their font."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Flowable, Table, TableStyle

from app.printing.fonts import FontSet
from app.printing.glyphs import draw, markup, string_width
from app.printing.linebreak import CJKParagraph

HEADER_GREY = colors.HexColor("#e8e8e8")


class Text(Flowable):
    """A piece of text in a style: drawn line by line as given when it fits the width (most table cells and
    labels, at a fraction of a Paragraph's cost), else laid out as a CJKParagraph that wraps by the punctuation
    rule."""

    _ALIGN = {TA_LEFT: "left", TA_CENTER: "centre", TA_RIGHT: "right"}

    # A word this short (a name, 维吾尔族, 不参加考核) is set a little smaller rather than broken in two.
    _WORD_CHARS, _LEAST_SCALE = 8, 0.8

    def __init__(self, fonts: FontSet, text: str, style: ParagraphStyle, role: str):
        super().__init__()
        self.fonts, self.text, self.style, self.role = fonts, text, style, role
        self.lines = text.split("\n")
        self.size = style.fontSize  # what it is drawn at: the style's, or less for a short word
        self.paragraph: CJKParagraph | None = None
        # Flowables read these before wrap (keepWithNext of a heading, space around it).
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def _fits(self, width: float, size: float | None = None) -> bool:
        """Every line (the text's own, split at \\n) fits the width as it is (at `size`, else the style's)."""
        if self.style.firstLineIndent or self.style.alignment not in self._ALIGN:
            return False
        size = size or self.style.fontSize
        return all(string_width(self.fonts, line, self.role, size) <= width + 1e-6 for line in self.lines)

    def _word_size(self, width: float) -> float | None:
        """The largest size, down to 80 % of the style's, at which a short one-line word fits; None if none."""
        if len(self.lines) > 1 or len(self.text) > self._WORD_CHARS or " " in self.text.strip():
            return None
        size = self.style.fontSize - 0.5
        while size >= self.style.fontSize * self._LEAST_SCALE:
            if self._fits(width, size):
                return size
            size -= 0.5
        return None

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        size = self.style.fontSize if self._fits(availWidth) else self._word_size(availWidth)
        if size is not None:
            self.paragraph, self.size = None, size
            self.width, self.height = availWidth, self.style.leading * len(self.lines)
            return self.width, self.height
        self.paragraph = CJKParagraph(markup(self.fonts, self.text, self.role), self.style)
        self.width, self.height = self.paragraph.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        if self.paragraph is None:
            return []
        return self.paragraph.split(availWidth, availHeight)

    def draw(self) -> None:
        if self.paragraph is not None:
            self.paragraph.drawOn(self.canv, 0, 0)
            return
        align = self._ALIGN[self.style.alignment]
        x = {"left": 0, "centre": self.width / 2, "right": self.width}[align]
        # Where a CJK Paragraph puts its first baseline: the font's ascent below the top; then a leading apart. A
        # word set smaller sits where the style's size would have its middle (else it rode at the top of its row).
        font = self.fonts.name(self.role)
        up, down = getAscentDescent(font, self.style.fontSize)
        small_up, small_down = getAscentDescent(font, self.size)
        y = self.height - (up - down) / 2 - (small_up + small_down) / 2
        for line in self.lines:
            draw(self.canv, self.fonts, x, y, line, self.role, self.size, align)
            y -= self.style.leading


def cell(fonts: FontSet, text: str, style: ParagraphStyle, role: str = "table") -> Text:
    return Text(fonts, str(text), style, role)


def grid_style(font: str, header_rows: int = 1, *, padding: float = 2) -> list[tuple]:
    """`font` is set on every cell even when cells hold Paragraphs: reportlab sets each cell's font before
    drawing it, and its default would put a Helvetica (not embedded) into the file."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, 10.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_GREY))
    return commands


def plain(rows: Sequence[Sequence[object]], widths: Sequence[float], font: str) -> Table:
    """A borderless table (a line of text left and right), without padding at its sides."""
    table = Table(list(rows), colWidths=list(widths))
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), font, 10.5), ("LEFTPADDING", (0, 0), (0, -1), 0),
                    ("RIGHTPADDING", (-1, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )  # fmt: skip
    return table


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    font: str,
    *,
    header_rows: int = 1,
    heights: Sequence[float] | float | None = None,
    extra: Sequence[tuple] = (),
) -> Table:
    """A table that repeats its header rows on every page and never splits a row."""
    table = Table(list(rows), colWidths=list(widths), rowHeights=heights, repeatRows=header_rows)
    table.setStyle(TableStyle([*grid_style(font, header_rows), *extra]))
    return table


def row_height(cells: Sequence[object], widths: Sequence[float], least: float, padding: float = 2) -> float:
    """A row of a fixed-height grid (a 签到表's signature row, a record's form line) at least `least` tall, and
    taller when a cell's wrapped text needs it: a fixed height let a unit's three-line name run over the rows
    below. `widths` are the cells' own (a spanned cell's, summed); 3 pt of padding each side, as grid_style."""
    need = max((c.wrap(w - 6, 1e6)[1] for c, w in zip(cells, widths, strict=False) if hasattr(c, "wrap")),
               default=0.0)  # fmt: skip
    return max(least, need + 2 * padding)


def fit_widths(total: float, weights: Sequence[float]) -> list[float]:
    """Column widths in proportion to `weights`, filling `total`."""
    scale = total / sum(weights)
    return [w * scale for w in weights]


def share_widths(
    total: float,
    weights: Sequence[float],
    least: Sequence[float],
    natural: Sequence[float],
    firm: Sequence[bool] = (),
) -> list[float]:
    """Column widths filling `total`: each column in proportion to its weight, but never narrower than its `least`
    (an ID number's 18 digits, a header on two lines) nor, while another column wants room, wider than its
    `natural` (its longest text on one line: an empty column gives its share to the others); room left when
    every column has its natural width is shared by weight. When the leasts alone are more than `total`, the
    `firm` columns keep theirs and the others are cut in proportion (their texts then wrap)."""
    natural = [max(n, lo) for n, lo in zip(natural, least, strict=True)]
    if sum(least) > total:
        firm = list(firm) or [False] * len(least)
        kept = sum(lo for lo, f in zip(least, firm, strict=True) if f)
        if kept >= total or kept == sum(least):
            return fit_widths(total, least)
        scale = (total - kept) / (sum(least) - kept)
        return [lo if f else lo * scale for lo, f in zip(least, firm, strict=True)]
    if sum(natural) <= total:
        spare = total - sum(natural)
        return [n + w for n, w in zip(natural, fit_widths(spare, weights), strict=True)]

    def at(scale: float) -> list[float]:
        return [max(lo, min(n, scale * w)) for w, lo, n in zip(weights, least, natural, strict=True)]

    low, high = 0.0, max(n / w for n, w in zip(natural, weights, strict=True) if w > 0)
    for _ in range(60):  # the widths grow with the scale: halve the range to the one that fills `total`
        middle = (low + high) / 2
        low, high = (middle, high) if sum(at(middle)) < total else (low, middle)
    widths = at(high)
    return [w * total / sum(widths) for w in widths]  # the last fraction of a point, spread
