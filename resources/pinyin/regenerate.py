"""Write the pinyin tables of this folder from pypinyin's data: `python -m resources.pinyin.regenerate`.

The application reads names with these tables (app/people/pinyin.py) instead of importing pypinyin, whose start
(its two JSON dictionaries and the word segmenter's prefix set, 0.2–0.5 s) was the largest single cost of a
roster import. pypinyin stays a test dependency: tests/app/test_pinyin_tables.py checks the tables against it.

- chars.txt: one line per character pypinyin knows, `字 reading reading…`, toneless (pypinyin's Style.NORMAL,
  ü as v), distinct, pypinyin's default reading first; in code point order.
- phrases.txt: every word of pypinyin's phrase dictionary, one per line, in Python's string order (the reader
  bisects it to segment a name as pypinyin's forward maximum matching does).
- phrase_readings.txt: `词语 reading reading…` for the words whose reading differs from their characters' default
  readings (长江 chang jiang); a word not listed reads as its characters do.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def ascii_syllable(syllable: str) -> str:
    folded = unicodedata.normalize("NFKD", syllable)
    return "".join(c for c in folded if c.isascii() and c.isalpha()).lower()


def char_readings(char: str) -> list[str]:
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings: list[str] = []
    for syllable in found[0] if found else ():
        plain = ascii_syllable(syllable)
        if plain and plain not in readings:
            readings.append(plain)
    return readings


def phrase_reading(phrase: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [ascii_syllable(s) for s in lazy_pinyin(phrase, style=Style.NORMAL, errors="ignore")]


def build() -> tuple[list[str], list[str], list[str]]:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    chars: dict[str, list[str]] = {}
    for code in sorted(PINYIN_DICT):
        readings = char_readings(chr(code))
        if readings:
            chars[chr(code)] = readings
    phrases = sorted(PHRASES_DICT)
    differing = []
    for phrase in phrases:
        if not all(c in chars for c in phrase):
            continue
        reading = phrase_reading(phrase)
        if len(reading) == len(phrase) and reading != [chars[c][0] for c in phrase]:
            differing.append(f"{phrase} {' '.join(reading)}")
    char_lines = [f"{c} {' '.join(r)}" for c, r in chars.items()]
    return char_lines, phrases, differing


def main() -> int:
    import pypinyin

    char_lines, phrases, differing = build()
    for name, lines in (
        ("chars.txt", char_lines),
        ("phrases.txt", phrases),
        ("phrase_readings.txt", differing),
    ):
        (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"pypinyin {pypinyin.__version__}: {len(char_lines)} characters, {len(phrases)} words, {len(differing)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
