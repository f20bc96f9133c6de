"""Keep characters beyond U+FFFF findable and copyable in the PDFs reportlab writes.

A PDF's ToUnicode CMap maps each glyph code to UTF-16BE text. reportlab (`ttfonts.makeToUnicodeCMap`, used by
`TTFont.addObjects` for every embedded TrueType subset) writes the code point itself in hex, so 𠀀 (U+20000)
becomes `<20000>`: an odd-length string that readers reject (pypdf drops the character) or cut to four digits
(pdftotext shows U+2000, a space; 𪚥 U+2A6A5 comes out as ⩪ U+2A6A). The glyph prints correctly either way, so the
damage shows only when someone searches the archive or copies a name out of it.

`install()` wraps that one function: it calls reportlab's own and rewrites only the entries whose target has more
than four hex digits into the UTF-16 surrogate pair (`<D840DC00>`). Entries in the Basic Multilingual Plane are
left byte for byte as reportlab wrote them, and if a later reportlab writes surrogate pairs itself nothing
matches and the wrapper changes nothing. Wrapping (rather than copying the function) keeps us on whatever else a
later reportlab puts in the CMap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportlab.pdfbase import ttfonts

_HOOKED = "makeToUnicodeCMap"
_MARK = "_grassroots_surrogates"

# One bfchar entry: a one-byte glyph code and a target of five or six hex digits (a code point above U+FFFF).
_WIDE_ENTRY = re.compile(r"^(<[0-9A-Fa-f]{2}>) <([0-9A-Fa-f]{5,6})>$", re.MULTILINE)


class ToUnicodeHookMissing(RuntimeError):
    """reportlab no longer builds its ToUnicode CMap where `install` expects it."""


def install() -> None:
    """Make reportlab write characters beyond the BMP as surrogate pairs. Safe to call any number of times."""
    current = getattr(ttfonts, _HOOKED, None)
    if current is None or _HOOKED not in ttfonts.TTFont.addObjects.__code__.co_names:
        raise ToUnicodeHookMissing(
            f"reportlab {_reportlab_version()} 不再以 ttfonts.{_HOOKED} 生成 ToUnicode 映射："
            "扩展区生僻字（如 𠀀）在 PDF 中将无法搜索和复制，请检查 app/printing/tounicode.py"
        )
    if getattr(current, _MARK, False):
        return
    setattr(ttfonts, _HOOKED, _with_surrogate_pairs(current))


def surrogate_pair_hex(code_point: int) -> str:
    """UTF-16BE of one code point as the hex of a CMap target, e.g. 0x20000 -> 'D840DC00'."""
    return chr(code_point).encode("utf-16-be").hex().upper()


def _with_surrogate_pairs(
    original: Callable[[str, Sequence[int]], str],
) -> Callable[[str, Sequence[int]], str]:
    def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
        return _WIDE_ENTRY.sub(_rewrite_entry, original(fontname, subset))

    setattr(make_to_unicode_cmap, _MARK, True)
    make_to_unicode_cmap.__wrapped__ = original  # type: ignore[attr-defined]
    make_to_unicode_cmap.__doc__ = original.__doc__
    return make_to_unicode_cmap


def _rewrite_entry(match: re.Match[str]) -> str:
    code, target = match.groups()
    return f"{code} <{surrogate_pair_hex(int(target, 16))}>"


def _reportlab_version() -> str:
    import reportlab

    return reportlab.Version
