"""Which TrueType font each printing role uses, found at run time, and the fonts rare characters fall back to.

reportlab embeds TrueType (glyf) outlines only: a CFF-flavoured OpenType font (Noto CJK, Source Han) is skipped
with the reason. Every font is embedded (subset), the Latin digits of page numbers and dates too. When no CJK
TrueType font exists at all, reportlab's CID font STSong-Light is the last resort, and that is said, because it
is not embedded: another PC may print it differently.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

ROLES = ("title", "body", "table", "kai")
ROLE_LABELS = {"title": "标题", "body": "正文", "table": "表格", "kai": "证书（楷体）"}
# The styles each role takes, best first: titles in 小标宋 or 黑体, letters in 仿宋, tables in 宋.
ROLE_STYLES = {
    "title": ("小标宋", "黑", "宋"),
    "body": ("仿宋", "宋", "楷"),
    "table": ("宋", "黑"),
    "kai": ("楷", "仿宋", "宋"),
}
# How many of those styles are what the role should have; a style after them is a fallback and is said.
ROLE_PROPER = {"title": 2, "body": 1, "table": 1, "kai": 1}
CID_FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class Candidate:
    filename: str
    index: int  # the sub-font of a .ttc
    label: str
    style: str


# Windows system fonts first (each office PC has them), then the fonts Linux distributions ship as glyf.
CANDIDATES = (
    Candidate("FZXBSJW.TTF", 0, "方正小标宋简体", "小标宋"),
    Candidate("simhei.ttf", 0, "黑体（SimHei）", "黑"),
    Candidate("wqy-zenhei.ttc", 0, "文泉驿正黑", "黑"),
    Candidate("msyh.ttc", 0, "微软雅黑", "黑"),
    Candidate("wqy-microhei.ttc", 0, "文泉驿微米黑", "黑"),
    Candidate("simsun.ttc", 0, "宋体（SimSun）", "宋"),
    Candidate("uming.ttc", 0, "AR PL UMing（宋体）", "宋"),
    Candidate("simfang.ttf", 0, "仿宋（FangSong）", "仿宋"),
    Candidate("simkai.ttf", 0, "楷体（KaiTi）", "楷"),
    Candidate("LXGWWenKai-Regular.ttf", 0, "霞鹜文楷", "楷"),
    Candidate("ukai.ttc", 0, "AR PL UKai（楷体）", "楷"),
)
# Fonts for the characters beyond the everyday set (Extension B and later): tried first for a missing glyph.
RARE_CANDIDATES = (
    Candidate("simsunb.ttf", 0, "宋体-ExtB（SimSun-ExtB）", "宋"),
    Candidate("BabelStoneHan.ttf", 0, "BabelStone Han", "宋"),
)


def font_folders() -> list[Path]:
    """Where this system keeps fonts (the user's own folder too: Windows 10 installs per user there)."""
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
    ]


@lru_cache(maxsize=8)
def _files_in(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Font files by lower-case file name; the first folder wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def outline_problem(path: Path, index: int = 0) -> str | None:
    """Why reportlab cannot embed this font, in Chinese, or None when it has TrueType outlines."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return f"字体集中只有 {count} 个字体，没有第 {index} 个"
                handle.seek(12 + 4 * index)
                offset = struct.unpack(">I", handle.read(4))[0]
            handle.seek(offset)
            directory = handle.read(12)
            tables = struct.unpack(">H", directory[4:6])[0]
            tags = {handle.read(16)[:4] for _ in range(tables)}
    except FileNotFoundError:
        return "文件不存在"
    except (OSError, struct.error):
        return "文件无法读取或不是字体文件"
    if b"glyf" in tags:
        return None
    if b"CFF " in tags or b"CFF2" in tags:
        return "这是 CFF 轮廓的 OpenType 字体（如思源、Noto CJK），无法嵌入 PDF，请改用 TrueType 字体"
    return "不是 TrueType 字体文件"


_loaded: dict[tuple[str, int], str] = {}


def register(path: Path, index: int = 0) -> str:
    """Register the font with reportlab once per process (loading a CJK font takes about a second) and return
    its PDF name. Raises ValueError with the reason in Chinese."""
    key = (str(path), index)
    if key in _loaded:
        return _loaded[key]
    problem = outline_problem(path, index)
    if problem:
        raise ValueError(problem)
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "GD-" + hashlib.sha1(f"{path}#{index}".encode()).hexdigest()[:10]
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except TTFError as exc:
        text = str(exc)
        if "embed" in text.lower():
            raise ValueError("字体的授权不允许嵌入 PDF") from exc
        raise ValueError(f"字体文件无法读取：{text}") from exc
    _loaded[key] = name
    return name


def covers(font_name: str, char: str) -> bool:
    """Whether the font draws `char` (a CID font is taken to: its coverage cannot be asked)."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    char_map = getattr(face, "charToGlyph", None)
    return True if char_map is None else ord(char) in char_map


@dataclass(frozen=True)
class RoleFont:
    role: str
    name: str  # as registered with reportlab
    label: str  # what the clerk is shown
    path: str = ""  # '' for the CID font
    index: int = 0
    note: str = ""  # a fallback or a refused setting, said in the UI and the CLI output
    embedded: bool = True


@dataclass
class FontSet:
    """The fonts of one printout: a font per role and, loaded only when a character needs one, rare fonts."""

    roles: dict[str, RoleFont]
    rare: list[tuple[Path, int, str]] = field(default_factory=list)
    _rare_names: list[str] | None = None
    # (char, role) → font: a batch asks about the same few thousand characters again and again.
    _chosen: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def name(self, role: str) -> str:
        return self.roles[role].name

    def notes(self, roles: tuple[str, ...] = ROLES) -> list[str]:
        """What the clerk should know about the fonts of these roles (those a document uses)."""
        return [self.roles[role].note for role in roles if self.roles[role].note]

    def fallback_for(self, char: str, role: str) -> str | None:
        """The font that draws `char` for this role: its own, else a rare-character font, else another role's."""
        key = (char, role)
        if key not in self._chosen:
            self._chosen[key] = self._find(char, role)
        return self._chosen[key]

    def _find(self, char: str, role: str) -> str | None:
        own = self.name(role)
        if covers(own, char):
            return own
        for name in [*self._rare(), *(f.name for f in self.roles.values() if f.embedded)]:
            if covers(name, char):
                return name
        return None

    def _rare(self) -> list[str]:
        if self._rare_names is None:
            names = []
            for path, index, _label in self.rare:
                try:
                    names.append(register(path, index))
                except ValueError:
                    continue
            self._rare_names = names
        return self._rare_names


def _usable(path: Path, index: int) -> str | None:
    """The registered name, or None when the file cannot be used."""
    try:
        return register(path, index)
    except ValueError:
        return None


def parse_override(text: str) -> tuple[Path, int]:
    """'C:/Fonts/x.ttc#1' names sub-font 1 of a collection; a plain path means sub-font 0."""
    path, _, index = text.strip().rpartition("#")
    if path and index.isdigit():
        return Path(path), int(index)
    return Path(text.strip()), 0


def _override(role: str, text: str) -> tuple[RoleFont | None, str]:
    path, index = parse_override(text)
    try:
        name = register(path, index)
    except ValueError as exc:
        return None, f"指定的{ROLE_LABELS[role]}字体“{path}”不能使用（{exc}）"
    return RoleFont(role, name, path.name, str(path), index), ""


def _found(role: str, files: Mapping[str, Path]) -> RoleFont | None:
    styles = ROLE_STYLES[role]
    for style in styles:
        for candidate in (c for c in CANDIDATES if c.style == style):
            path = files.get(candidate.filename.lower())
            if path is None or (name := _usable(path, candidate.index)) is None:
                continue
            note = ""
            if styles.index(style) >= ROLE_PROPER[role]:
                wanted = "或".join(styles[: ROLE_PROPER[role]])
                note = f"本机没有{wanted}字体，{ROLE_LABELS[role]}改用{candidate.label}"
            return RoleFont(role, name, candidate.label, str(path), candidate.index, note)
    return None


def _cid(role: str) -> RoleFont:
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    note = (
        f"本机没有可以嵌入的中文 TrueType 字体，{ROLE_LABELS[role]}改用 reportlab 内置的 {CID_FALLBACK}"
        "（字体不嵌入 PDF，换一台电脑打开可能显示不同，生僻字无法检查）"
    )
    return RoleFont(role, CID_FALLBACK, CID_FALLBACK, note=note, embedded=False)


def resolve_fonts(
    overrides: Mapping[str, str] | None = None, folders: Iterable[Path] | None = None
) -> FontSet:
    """A font per role: the office's file when set and usable, else the best found on this system, else CID."""
    overrides = overrides or {}
    files = _files_in(tuple(folders) if folders is not None else tuple(font_folders()))
    roles: dict[str, RoleFont] = {}
    for role in ROLES:
        chosen, refused = (None, "")
        if overrides.get(role, "").strip():
            chosen, refused = _override(role, overrides[role])
        chosen = chosen or _found(role, files) or _cid(role)
        if refused:
            chosen = RoleFont(**{**chosen.__dict__, "note": "；".join(filter(None, (refused, chosen.note)))})
        roles[role] = chosen
    rare = [
        (path, c.index, c.label)
        for c in RARE_CANDIDATES
        if (path := files.get(c.filename.lower())) is not None
    ]
    return FontSet(roles, rare)
