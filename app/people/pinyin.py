"""Pinyin search keys for person names.

The roster has a single search box: typing initials (``zs``) or full pinyin
(``zhangsan``) must find 张三. Surnames with several readings are read the
way a surname is read (曾 zeng, 单 shan, 解 xie ...), because that is what a
clerk types for a name, not the everyday reading of the character.

The readings are pypinyin's, written out as plain tables in resources/pinyin/
(see its regenerate.py) and read on first use: importing pypinyin cost a
quarter to half a second, the largest single cost of a roster import, and a
name needs only its character readings and its word list.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from importlib import resources

# Single-character surnames whose surname reading is not pypinyin's default
# reading, plus a few where the default happens to be right today but the
# reading must not depend on pypinyin's data or phrase segmentation.
_SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "召": "shao",
    "缪": "miao",
    "覃": "qin",
    "乐": "yue",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "员": "yun",
    "祭": "zhai",
    "翟": "zhai",
    "黑": "he",
    "折": "she",
    "能": "nai",
    "隗": "wei",
    "句": "gou",
    "过": "guo",
    "牟": "mu",
    "柏": "bai",
    "贲": "ben",
    "卜": "bu",
    "重": "chong",
    "宁": "ning",
    "都": "du",
    "藏": "zang",
    "沈": "shen",
    "石": "shi",
    "薄": "bo",
    "褚": "chu",
    "便": "pian",
    "长": "chang",
    "阚": "kan",
    "蔚": "yu",
    "洗": "xian",
    "郇": "xun",
    "佴": "nai",
    "角": "jue",
    "还": "huan",
    "炅": "gui",
    "粘": "nian",
    "尉": "wei",
    "万": "wan",
}

# Surnames where a second reading is also in real use (翟 is both dí and
# zhái) or where sources disagree (黑 hè vs hēi; 率 lǜ vs shuài). The key
# carries both so either spelling finds the person; name_pinyin uses the
# first reading.
_SURNAME_ALSO: dict[str, str] = {
    "翟": "di",
    "黑": "hei",
    "率": "shuai",
}

# Compound surnames are spelled out because several of them read a character
# differently from the character alone (长孙 zhang, 万俟 mo qi, 尉迟 yu,
# 单于 chan, 子车 ju).
_COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"),
    "慕容": ("mu", "rong"),
    "司徒": ("si", "tu"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "宇文": ("yu", "wen"),
    "端木": ("duan", "mu"),
    "西门": ("xi", "men"),
    "南宫": ("nan", "gong"),
    "独孤": ("du", "gu"),
    "轩辕": ("xuan", "yuan"),
    "呼延": ("hu", "yan"),
    "长孙": ("zhang", "sun"),
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "澹台": ("tan", "tai"),
    "单于": ("chan", "yu"),
    "子车": ("zi", "ju"),
    "闻人": ("wen", "ren"),
    "赫连": ("he", "lian"),
    "申屠": ("shen", "tu"),
    "太叔": ("tai", "shu"),
    "公冶": ("gong", "ye"),
    "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "仲孙": ("zhong", "sun"),
    "钟离": ("zhong", "li"),
    "百里": ("bai", "li"),
    "东郭": ("dong", "guo"),
    "拓跋": ("tuo", "ba"),
    "公羊": ("gong", "yang"),
    "司空": ("si", "kong"),
    "司寇": ("si", "kou"),
    "乐正": ("yue", "zheng"),
    "鲜于": ("xian", "yu"),
    "闾丘": ("lv", "qiu"),
    "左丘": ("zuo", "qiu"),
    "第五": ("di", "wu"),
    "亓官": ("qi", "guan"),
}

# Spelling ü as 'u' is common too (people type 'lu' for 吕), so those
# syllables get a second spelling in the key. Only these four syllables of
# pypinyin's output contain 'v'.
_U_FOR_V: dict[str, str] = {"lv": "lu", "nv": "nu", "lve": "lue", "nve": "nue"}

# Middle-dot look-alikes used between the parts of transliterated names.
_NAME_DOTS = frozenset("·•・‧∙⋅･")


def name_pinyin(name: str) -> list[str]:
    """One syllable per Chinese character, reading the surname as a surname.

    Runs of Latin letters/digits are kept as one lower-case item each.
    """
    return list(_variants(name)[0])


def initials(name: str) -> str:
    """First letter of each syllable, e.g. '张三' -> 'zs'."""
    return _initials_of(_variants(name)[0])


def search_key(name: str) -> str:
    """Lower-case key of every place a search may start: '张三' -> 'zs s zhangsan san'.

    For each reading (the primary one first, then ü as 'u' and second surname readings) it holds the initials
    from each syllable on and the full spelling from each syllable on. A search looks for ``' ' + typed`` in
    ``' ' + key`` (see `pinyin_needle`), so what is typed must start at a syllable: initials match a run of
    initials (`zs`, `s`, never `gh` in jian-gh-aoyu), full pinyin matches whole syllables and the start of the
    next one (`zhangs`, `san`). The key holds only [a-z0-9 ], so never the unit separator.
    """
    return _search_key(_variants(name))


def _search_key(variants: tuple[tuple[str, ...], ...]) -> str:
    parts: dict[str, None] = {}  # in order, each once
    for syllables in variants:
        # One letter a syllable: firsts[start:] are the initials from syllable `start` on.
        firsts = _initials_of(syllables)
        spelled = "".join(syllables)
        # The full spelling from syllable `start` on is the whole spelling less the first syllables' letters.
        cut = 0
        for start, syllable in enumerate(syllables):
            parts[firsts[start:]] = None
            parts[spelled[cut:]] = None
            cut += len(syllable)
    return " ".join(parts)


def pinyin_needle(typed: str) -> str | None:
    """What to look for in ``' ' + search_key`` when `typed` is pinyin: letters only, spaces between syllables
    dropped (`zhang san`); None when `typed` is not pinyin (Chinese, digits of an ID or phone number)."""
    letters = "".join(typed.split()).lower()
    if letters and letters.isascii() and letters.isalpha():
        return " " + letters
    return None


def name_order(name: str) -> str:
    """The key names sort by: syllables apart, so 陈 (chen …) stays together before 程 (cheng …)."""
    return _name_order(_variants(name))


def _name_order(variants: tuple[tuple[str, ...], ...]) -> str:
    return " ".join(variants[0]) if variants else ""


def name_columns(name: str) -> dict[str, str]:
    """The columns stored beside a person's name so that no Chinese text processing is needed to show a roster."""
    search, order = name_keys(name)
    return {"search_key": search, "name_order": order}


def name_keys(name: str) -> tuple[str, str]:
    """(search_key, name_order) of a name: name_columns' values, for a bulk write."""
    # Read once for both, and past the cache: an import keys thousands of names, each new to it, and would only
    # push out the names a window is showing.
    variants = _read_variants(name)
    return _search_key(variants), _name_order(variants)


def _initials_of(syllables: tuple[str, ...]) -> str:
    # Latin/digit runs are treated like syllables (first character) so that
    # one simple rule covers mixed names such as 'Anna张' -> 'az'.
    return "".join([s[0] for s in syllables])


@functools.lru_cache(maxsize=4096)
def _variants(name: str) -> tuple[tuple[str, ...], ...]:
    """Primary reading first, then alternative spellings worth searching for."""
    return _read_variants(name)


def _read_variants(name: str) -> tuple[tuple[str, ...], ...]:
    primary, surname_len = _read_name(name)
    readings = [primary]
    also = _SURNAME_ALSO.get(name.strip()[:1]) if surname_len == 1 else None
    if also:
        readings.append((also, *primary[1:]))
    for reading in list(readings):
        if not _U_FOR_V.keys().isdisjoint(reading):
            readings.append(tuple(_U_FOR_V.get(s, s) for s in reading))
    return tuple(readings)


def _read_name(name: str) -> tuple[tuple[str, ...], int]:
    """Return the syllables and how many leading characters were read as surname."""
    text = name.strip()
    out: list[str] = []
    surname_len = 0
    if text and _char_readings(text[0]):
        surname, surname_len = _surname(text)
        rest = text[surname_len:]
        if all(map(_char_readings, rest)):  # the usual name: every character known, read as one run
            return ((*surname, *_han_run(rest)) if rest else surname), surname_len
        out.extend(surname)
    for is_han, segment in _segments(text[surname_len:]):
        if is_han:
            out.extend(_han_run(segment))
        else:
            out.extend(_latin_tokens(segment))
    return tuple(out), surname_len


def _surname(text: str) -> tuple[tuple[str, ...], int]:
    # A two-character "name" that equals a compound surname is more likely a
    # one-character surname plus given name, so compounds need three or more.
    # Transliterated names ("买买提·艾力") have no compound surname.
    head = text[:2]
    if head in _COMPOUND_SURNAMES and len(text) >= 3 and not (_NAME_DOTS & set(text)):
        return _COMPOUND_SURNAMES[head], 2
    first = text[0]
    reading = _SURNAME_READINGS.get(first) or _char_readings(first)[0]
    return (reading,), 1


def _segments(text: str) -> list[tuple[bool, str]]:
    """Split into runs of characters pypinyin can read and runs of everything else."""
    known = [bool(_char_readings(c)) for c in text]
    if known and all(known):  # a name in Chinese characters only: one run
        return [(True, text)]
    segments: list[tuple[bool, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or known[i] != known[start]:
            segments.append((known[start], text[start:i]))
            start = i
    return segments


def _latin_tokens(text: str) -> list[str]:
    # Accents, full-width forms and the like fold to plain ASCII because that
    # is what is typed into the box; anything that is not a letter or digit
    # (spaces, name dots, unknown CJK) separates tokens and is dropped.
    folded = unicodedata.normalize("NFKD", text)
    cleaned = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in folded)
    return cleaned.split()


@functools.lru_cache(maxsize=65536)
def _han_run(run: str) -> tuple[str, ...]:
    """Read a run of known characters, segmenting it into words only when context matters."""
    per_char = [_char_readings(c) for c in run]
    if all(len(r) == 1 for r in per_char) or not _may_hold_phrase(run):
        return tuple(r[0] for r in per_char)
    # A word decides the heteronym (刘长江 is chang, not zhang).
    syllables: list[str] = []
    for word in _words(run):
        syllables.extend(_tables().word_readings.get(word) or (_char_readings(c)[0] for c in word))
    return tuple(syllables)


def _may_hold_phrase(run: str) -> bool:
    """False only when no segment of the run could be a word: every character then reads on its own."""
    if len(run) < 2:
        return False
    if len(run) > 4:
        return True
    words = _tables().words
    return any(_is_word(words, run[i:j]) for i in range(len(run) - 1) for j in range(i + 2, len(run) + 1))


def _words(run: str) -> list[str]:
    """pypinyin's forward maximum matching, as its default (strict) segmenter does it: from each place, the
    longest dictionary word found while the text still begins some word; a single character where none is."""
    words = _tables().words
    out: list[str] = []
    start = 0
    while start < len(run):
        end = start + 1
        longest = end
        while end <= len(run) and _begins_word(words, run[start:end]):
            if _is_word(words, run[start:end]):
                longest = end
            end += 1
        out.append(run[start:longest])
        start = longest
    return out


def _begins_word(words: list[str], text: str) -> bool:
    at = bisect.bisect_left(words, text)
    return at < len(words) and words[at].startswith(text)


def _is_word(words: list[str], text: str) -> bool:
    at = bisect.bisect_left(words, text)
    return at < len(words) and words[at] == text


@functools.lru_cache(maxsize=32768)
def _char_readings(char: str) -> tuple[str, ...]:
    """Distinct toneless readings of one character, the default first; () if unknown."""
    if char.isascii():
        return ()
    line = _tables().chars.get(char)
    return tuple(line.split()) if line else ()


class _Tables:
    """resources/pinyin/, read on first use: pypinyin's readings, written out by its regenerate.py, and the few
    name characters it lacks (extra_chars.txt)."""

    def __init__(self) -> None:
        folder = resources.files("resources.pinyin")
        chars = (folder / "chars.txt").read_text(encoding="utf-8").splitlines()
        self.chars: dict[str, str] = {line[0]: line[2:] for line in chars if line}
        # Name characters pypinyin lacks (𠮷): pypinyin's own reading wins should it ever have one.
        for line in (folder / "extra_chars.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                self.chars.setdefault(line[0], line[2:])
        self.words: list[str] = (folder / "phrases.txt").read_text(encoding="utf-8").split()
        readings = (folder / "phrase_readings.txt").read_text(encoding="utf-8").splitlines()
        self.word_readings: dict[str, list[str]] = {
            parts[0]: parts[1:] for parts in (line.split() for line in readings) if parts
        }


@functools.cache
def _tables() -> _Tables:
    return _Tables()


def load_tables() -> None:
    """Read the tables now rather than at the first name (a command that will key many names, while it waits)."""
    _tables()


def _ascii_syllable(syllable: str) -> str:
    # pypinyin writes 欸 as 'ê'; the key must stay plain ASCII letters.
    folded = unicodedata.normalize("NFKD", syllable)
    return "".join(c for c in folded if c.isascii() and c.isalpha()).lower()
