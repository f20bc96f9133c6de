"""Bordered tables as Chinese forms draw them: thin grid, grey header repeated on every page, text centred
vertically; a cell holds a Paragraph so that long unit names wrap and rare characters get their font."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from app.printing.fonts import FontSet
from app.printing.glyphs import markup
from app.printing.linebreak import CJKParagraph

HEADER_GREY = colors.HexColor("#e8e8e8")


def cell(fonts: FontSet, text: str, style: ParagraphStyle, role: str = "table") -> CJKParagraph:
    return CJKParagraph(markup(fonts, str(text), role), style)


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


def fit_widths(total: float, weights: Sequence[float]) -> list[float]:
    """Column widths in proportion to `weights`, filling `total`."""
    scale = total / sum(weights)
    return [w * scale for w in weights]
