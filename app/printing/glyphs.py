"""The glyph check: every character of every printed text against the font of its role. reportlab draws a
character its font lacks as a blank, with no error, so a name is checked before it is printed: a character the
role's font lacks is drawn from a fallback font that has it, and one that no font has is reported."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import FontSet
from app.printing.problems import MissingGlyph

# Layout characters that never need a glyph.
_INVISIBLE = frozenset("\n\r\t")


def missing_chars(fonts: FontSet, text: str, role: str) -> list[str]:
    """The characters of `text` that no font can draw, each once, in order."""
    seen: list[str] = []
    for char in dict.fromkeys(text):
        if char not in _INVISIBLE and fonts.fallback_for(char, role) is None:
            seen.append(char)
    return seen


def check(fonts: FontSet, who: str, texts: Iterable[tuple[str, str, str]]) -> list[MissingGlyph]:
    """`texts` are (field label, text, role) of one person: what cannot be printed of them."""
    return [
        MissingGlyph(who, char, label)
        for label, text, role in texts
        if text
        for char in missing_chars(fonts, text, role)
    ]


def runs(fonts: FontSet, text: str, role: str) -> list[tuple[str, str]]:
    """`text` cut into (font name, text) runs: the role's font, and a fallback font where it lacks a glyph."""
    own = fonts.name(role)
    fallback = fonts.fallback_for
    if all(fallback(char, role) == own for char in text):  # nearly every text: one run
        return [(own, text)]
    result: list[tuple[str, str]] = []
    for char in text:
        font = own if char in _INVISIBLE else (fonts.fallback_for(char, role) or own)
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def markup(fonts: FontSet, text: str, role: str) -> str:
    """Paragraph markup of `text`: escaped, with fallback runs in <font name=…>; line breaks kept."""
    own = fonts.name(role)
    parts = []
    for font, run in runs(fonts, text, role):
        # Paragraphs collapse white space; an ideographic space (年　月　日) must keep its width.
        run = escape(run).replace("\n", "<br/>").replace("\u3000", "\u00a0\u00a0")
        parts.append(run if font == own else f'<font name="{font}">{run}</font>')
    return "".join(parts)


def string_width(fonts: FontSet, text: str, role: str, size: float) -> float:
    return sum(stringWidth(run, font, size) for font, run in runs(fonts, text, role))


def draw(
    canvas: Canvas, fonts: FontSet, x: float, y: float, text: str, role: str, size: float, align: str = "left"
) -> None:
    """Draw one line on a canvas, run by run in one text object (so that it reads back as one string);
    `align` left, centre or right of x."""
    parts = runs(fonts, text, role)
    if align != "left":
        width = sum(stringWidth(run, font, size) for font, run in parts)
        x -= width if align == "right" else width / 2
    if len(parts) == 1:
        # setFont writes an operator into the page each time: not again for the font already set.
        if (canvas._fontname, canvas._fontsize) != (parts[0][0], size):
            canvas.setFont(parts[0][0], size)
        canvas.drawString(x, y, parts[0][1])
        return
    line = canvas.beginText(x, y)
    for font, run in parts:
        line.setFont(font, size)
        line.textOut(run)
    canvas.drawText(line)
