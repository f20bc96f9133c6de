"""Which cells of an old binary .xls (Excel 97-2003, BIFF8 — what WPS and many offices still save) hold an
error value (#N/A, #DIV/0! …): python-calamine gives such a cell as '' exactly like a blank, so this reads the
file itself, as app/exchange/bounds.py does for an .xlsx, and gives the cells as ``ErrorCells``.

An .xls is a compound file ([MS-CFB]): a little FAT file system whose "Workbook" stream holds BIFF8 records
([MS-XLS]). The globals' BOUNDSHEET8 records name each sheet and where its records start; there a FORMULA whose
cached result is an error, or a BOOLERR holding an error constant, is such a cell.

The file comes from outside: every sector number is checked against the file's size, every chain against
cycles, and nothing allocated is bigger than the file. A file cut short (a sector it needs lies past its end) is
CutShort, and a chain that loops is EndlessChain: python-calamine must not open those. Anything else unexpected —
damage, an encrypted workbook (FILEPASS), an older BIFF5 file — gives {}: python-calamine then reads the file, or
says what is wrong with it.
Standard library only.
"""

from __future__ import annotations

import bisect
import re
import struct
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from app.exchange.bounds import ErrorCells
from app.exchange.limits import MAX_FILE_BYTES

__all__ = ["XLS_ERROR_CODES", "CutShort", "EndlessChain", "xls_errors"]

# [MS-XLS] 2.5.10 Bes / 2.5.198.2 BErr: the byte an error value is stored as.
XLS_ERROR_CODES: dict[int, str] = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_ENTRY = 128  # bytes of a directory entry
_STREAM, _ROOT = 2, 5  # directory entry object types
_STREAM_NAMES = ("workbook", "book")  # compared case-insensitively, as [MS-CFB] names are

_BOF, _EOF, _FILEPASS, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x0085
_FORMULA, _BOOLERR = 0x0006, 0x0205
_BIFF8 = 0x0600
_WATCHED = frozenset((_BOF, _EOF, _FORMULA, _BOOLERR))
_GLOBALS, _WORKSHEET = 0x0005, 0x0010
_RECORD = struct.Struct("<HH")  # type, size
_CELL = struct.Struct("<HH")  # row, column (0-based)
_PLY_POSITION = struct.Struct("<I")

# Every error cell's record matches one of these: a FORMULA whose 8-byte result is 02 ?? code ?? ?? ?? FF FF,
# and a BOOLERR (always 8 bytes) with fError 1. So the records are walked only up to the last match — not at
# all in most files. Two searches, each from its literal start, take a fifth of the time of one alternation.
_MAYBE_ERRORS = (
    re.compile(rb"\x06\x00.{8}\x02.[\x00\x07\x0f\x17\x1d\x24\x2a\x2b].{3}\xff\xff", re.DOTALL),
    re.compile(rb"\x05\x02\x08\x00.{7}\x01", re.DOTALL),
)


class _Damaged(Exception):
    """The compound file or its records are not what they claim to be."""


class EndlessChain(Exception):
    """The compound file's DIFAT or directory chain comes back on itself. python-calamine follows those two
    chains without a bound when it opens the file: it spins, its memory growing until the process aborts,
    so such a file must be refused before it gets there."""


class CutShort(Exception):
    """A sector the compound file's tables or its workbook stream need lies past the end of the file: the file
    was cut short (a download or a copy that did not finish) or is damaged. python-calamine fails on such a
    file, most often with a Rust panic whose English text it prints on the console before Python sees it, so
    the file is refused here first."""


def _past_the_end(number: int, size: int) -> Exception:
    """A sector beyond the end, which a file of the size the reader accepts could have: the file was cut short.
    A number no such file could have (a marker like 0xFFFFFFFA where a sector belongs) is damage, which
    python-calamine may step over."""
    if number < MAX_FILE_BYTES // size:
        return CutShort(f"sector {number} past the end")
    return _Damaged(f"sector number {number:#x} in a chain")


class _Entry(NamedTuple):
    """A directory entry: a storage or a stream, and its siblings and first child in the red-black tree."""

    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


def xls_errors(path: Path) -> ErrorCells:
    """{sheet name: {(row, column): code}} of the cells holding an error value, 1-based as Excel numbers
    them; {} for a file that is not a readable BIFF8 workbook. Raises EndlessChain or CutShort for a compound
    file that python-calamine must not open."""
    try:
        data = Path(path).read_bytes()
        stream = _workbook_stream(data)
        candidates = _candidates(stream) if stream else []
        return _biff_errors(stream, candidates) if candidates else {}
    except (_Damaged, OSError, struct.error, IndexError, ValueError):
        return {}


# --- the compound file ----------------------------------------------------------------------------------------


def _uints(data: bytes | memoryview) -> array:
    values = array("I" if array("I").itemsize == 4 else "L")
    values.frombytes(data[: len(data) // 4 * 4])
    if sys.byteorder == "big":
        values.byteswap()
    return values


class _Compound:
    """The sectors, FAT and directory of a compound file held in memory."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(_SIGNATURE):
            raise _Damaged("no compound file")
        major, byte_order, shift, mini_shift = struct.unpack_from("<HHHH", data, 26)
        if byte_order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise _Damaged("header")
        self.data = memoryview(data)  # slices of it are views: a stream is copied once, when it is joined
        self.size = 1 << shift
        self.sectors = (len(data) - 1) // self.size  # the header takes the place of sector -1
        header = struct.unpack_from("<8I", data, 40)
        directories, fat_count, directory, _, self.cutoff = header[:5]
        self.mini_fat_start, self.mini_fat_count, difat = header[5:]
        self.fat = self._fat(fat_count, difat)
        # Version 3 gives no count of directory sectors: only the chain's end says where the directory ends.
        self.directory = self.read(self.chain(directory, need=directories if major == 4 else 0, endless=True))

    def _fat(self, count: int, difat: int) -> array:
        """The FAT, from the sectors the DIFAT lists (the header's 109, then a chain of DIFAT sectors)."""
        per_sector = self.size // 4
        needed = -(-self.sectors // per_sector)  # more FAT sectors than this cannot address anything more
        count = min(count, needed)
        places = list(_uints(self.data[76:512]))
        seen: set[int] = set()
        # Followed to its end even when the header's 109 places are enough: python-calamine follows it so.
        while difat not in (_END_OF_CHAIN, _NO_STREAM):
            if difat in seen:
                raise EndlessChain("DIFAT")
            if difat == self.sectors:  # just past the end: python-calamine reads that as an empty sector
                raise _Damaged("DIFAT sector at the end")
            seen.add(difat)
            entries = _uints(self.sector(difat))
            places.extend(entries[:-1])
            difat = entries[-1]
        if len(places) < count:
            raise _Damaged("DIFAT short")
        fat = _uints(b"".join(self.sector(place) for place in places[:count]))
        del fat[self.sectors :]
        return fat

    def sector(self, number: int) -> memoryview:
        if number >= self.sectors:
            raise _past_the_end(number, self.size)
        start = (number + 1) * self.size
        return self.data[start : start + self.size]

    def chain(self, start: int, fat: array | None = None, need: int = 0, endless: bool = False) -> list[int]:
        """The sector numbers of a chain, each at most once; `need`: how many its stream takes, if known —
        the chain is not followed further (a last sector pointing back to the first is read, as python-calamine
        reads it). A chain that leaves the table, or loops before its end, is damage; `endless`: a loop is an
        EndlessChain."""
        fat = self.fat if fat is None else fat
        numbers: list[int] = []
        seen: set[int] = set()
        number = start
        while number != _END_OF_CHAIN and not 0 < need <= len(numbers):
            if number >= len(fat):
                # The file's own table holds no more entries than the file has sectors: past it is past the end.
                # (The mini FAT's numbers count 64-byte pieces of the root's stream, not the file's sectors.)
                cut = fat is self.fat and number >= self.sectors
                raise _past_the_end(number, self.size) if cut else _Damaged("chain leaves the table")
            if number in seen:
                raise EndlessChain("directory") if endless else _Damaged("chain loops")
            seen.add(number)
            numbers.append(number)
            number = fat[number]
        return numbers

    def read(self, chain: list[int], size: int | None = None) -> bytes:
        """The sectors of `chain` in order, at most `size` bytes of them; a run of consecutive sectors (most
        of a stream) is one slice, and slices are views, so the bytes are copied once."""
        parts = []
        first = 0
        for index in range(1, len(chain) + 1):
            if index == len(chain) or chain[index] != chain[index - 1] + 1:
                start, end = chain[first], chain[index - 1]
                if end >= self.sectors:
                    raise _past_the_end(end, self.size)
                parts.append(self.data[(start + 1) * self.size : (end + 2) * self.size])
                first = index
        extra = sum(map(len, parts)) - size if size is not None else 0
        if extra > 0:  # the last sector's padding (a chain is never followed past its stream's sectors)
            parts[-1] = parts[-1][:-extra]
        return b"".join(parts)

    def entry(self, index: int) -> _Entry:
        offset = index * _ENTRY
        if offset + _ENTRY > len(self.directory):
            raise _Damaged("directory entry")
        raw = self.directory[offset : offset + _ENTRY]
        length = min(struct.unpack_from("<H", raw, 64)[0], 64)
        name = raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
        kind = raw[66]
        left, right, child = struct.unpack_from("<3I", raw, 68)
        start, size_low, size_high = struct.unpack_from("<3I", raw, 116)
        # A version 3 file's size is 32 bits; some writers leave garbage in the high half ([MS-CFB] 2.6.3).
        size = size_low if self.size == 512 else size_low | size_high << 32
        return _Entry(name, kind, left, right, child, start, size)

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first of `names` that is a stream directly in the root storage (an embedded object's own
        Workbook sits in a storage of its own and is not it)."""
        root = self.entry(0)
        if root.kind != _ROOT:
            raise _Damaged("root")
        found: dict[str, _Entry] = {}
        for index in self._children(root.child):
            entry = self.entry(index)
            if entry.kind == _STREAM:
                found.setdefault(entry.name.casefold(), entry)
        for wanted in names:
            if wanted in found:
                return self._stream(found[wanted], root)
        return None

    def _children(self, top: int) -> list[int]:
        """The entries of a storage's red-black tree, each visited once however the siblings point."""
        found: list[int] = []
        seen: set[int] = set()
        waiting = [top]
        while waiting:
            index = waiting.pop()
            if (
                index == _NO_STREAM or index in seen
            ):  # siblings that point back: each entry is still read once
                continue
            seen.add(index)
            found.append(index)
            entry = self.entry(index)
            waiting += (entry.left, entry.right)
        return found

    def _stream(self, entry: _Entry, root: _Entry) -> bytes:
        """The stream's bytes: as many as its size says, or as its chain holds when that ends sooner (a size
        beyond the file's), as python-calamine reads them."""
        if entry.size >= self.cutoff:
            need = -(-min(entry.size, len(self.data)) // self.size)
            return self.read(self.chain(entry.start, need=need), entry.size)
        return self._mini_stream(entry.start, entry.size, root)

    def _mini_stream(self, start: int, size: int, root: _Entry) -> bytes:
        """A small stream lives in 64-byte sectors of the root's own stream, chained by the mini FAT."""
        container = self.read(self.chain(root.start, need=-(-root.size // self.size)), root.size)
        mini_fat = _uints(self.read(self.chain(self.mini_fat_start, need=self.mini_fat_count)))
        del mini_fat[-(-len(container) // 64) :]
        numbers = self.chain(start, mini_fat, need=-(-size // 64))
        return b"".join(container[n * 64 : n * 64 + 64] for n in numbers)[:size]


def _workbook_stream(data: bytes) -> bytes | None:
    return _Compound(data).stream(_STREAM_NAMES)


# --- the BIFF8 records ----------------------------------------------------------------------------------------


def _records(stream: bytes, position: int) -> Iterator[tuple[int, int, int]]:
    """(type, data offset, data size) of each record from `position` to the end of the stream."""
    end = len(stream)
    unpack = _RECORD.unpack_from
    while position + 4 <= end:
        kind, size = unpack(stream, position)
        position += 4
        if position + size > end:
            raise _Damaged("record past the end of the stream")
        yield kind, position, size
        position += size


def _candidates(stream: bytes) -> list[int]:
    """Where the records that may be error cells start, in order."""
    return sorted(match.start() for pattern in _MAYBE_ERRORS for match in pattern.finditer(stream))


def _biff_errors(stream: bytes, candidates: list[int]) -> ErrorCells:
    """The error cells of each worksheet. A sheet's records run from its BOF to the next sheet's: one with no
    candidate there is not walked (the big hidden sheet a VLOOKUP reads, say), the others up to their last."""
    found: ErrorCells = {}
    sheets = _sheets(stream)
    starts = sorted({offset for _, offset in sheets} | {len(stream)})
    for name, offset in sheets:
        end = starts[bisect.bisect_right(starts, offset)] if offset < len(stream) else offset
        last = bisect.bisect_left(candidates, end) - 1
        if (
            last >= 0
            and candidates[last] > offset
            and (cells := _sheet_errors(stream, offset, candidates[last]))
        ):
            found[name] = cells
    return found


def _is_bof(stream: bytes, offset: int, size: int, kind: int) -> bool:
    return size >= 4 and struct.unpack_from("<HH", stream, offset) == (_BIFF8, kind)


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, stream offset of its BOF) of each worksheet the globals list; none for an encrypted workbook or
    one older than BIFF8 (their records cannot be read here)."""
    records = _records(stream, 0)
    kind, offset, size = next(records, (None, 0, 0))
    if kind != _BOF or not _is_bof(stream, offset, size, _GLOBALS):
        return []
    sheets = []
    for kind, offset, size in records:
        if kind == _EOF:
            break
        if kind == _FILEPASS:
            return []
        if kind == _BOUNDSHEET and size >= 8 and stream[offset + 5] == 0:  # dt 0: worksheet or dialog sheet
            name = _sheet_name(stream, offset + 6, offset + size)
            sheets.append((name, _PLY_POSITION.unpack_from(stream, offset)[0]))
    return sheets


def _sheet_name(stream: bytes, offset: int, end: int) -> str:
    """A ShortXLUnicodeString: a count of characters, a flag byte (bit 0: two bytes a character), the text."""
    count, flags = stream[offset], stream[offset + 1]
    width = 2 if flags & 1 else 1
    text = stream[offset + 2 : min(offset + 2 + count * width, end)]
    return text.decode("utf-16-le" if width == 2 else "latin-1", "replace")


def _sheet_errors(stream: bytes, start: int, last: int) -> dict[tuple[int, int], str]:
    """The error cells of the worksheet whose BOF is at `start`, up to its EOF or `last`; a chart embedded in
    it is a substream of its own between BOF and EOF, whose records are not the sheet's cells. A sheet of
    10,000 rows has some 100,000 records: the loop does as little as it can for those it passes over."""
    cells: dict[tuple[int, int], str] = {}
    end = len(stream)
    unpack = _RECORD.unpack_from
    if start + 4 > end:
        return cells
    kind, size = unpack(stream, start)
    if kind != _BOF or not _is_bof(stream, start + 4, size, _WORKSHEET):
        return cells
    position, depth = start + 4 + size, 1
    watched = _WATCHED
    while position <= last:
        kind, size = unpack(stream, position)  # struct.error past the end: damage
        offset = position + 4
        position = offset + size
        if kind not in watched:  # most records: one look-up each
            continue
        if position > end:
            raise _Damaged("record past the end of the stream")
        if kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if not depth:
                break
        elif depth == 1:
            _cell_error(cells, stream, kind, offset, size)
    return cells


def _cell_error(cells: dict[tuple[int, int], str], stream: bytes, kind: int, offset: int, size: int) -> None:
    if kind == _FORMULA and size >= 20:
        # FormulaValue: bytes 6-7 0xFFFF say "not a number"; byte 0 = 2 an error, byte 2 its code.
        if stream[offset + 12] == stream[offset + 13] == 0xFF and stream[offset + 6] == 2:
            _note(cells, stream, offset, stream[offset + 8])
    elif kind == _BOOLERR and size >= 8 and stream[offset + 7] == 1:
        _note(cells, stream, offset, stream[offset + 6])


def _note(cells: dict[tuple[int, int], str], stream: bytes, offset: int, code: int) -> None:
    text = XLS_ERROR_CODES.get(code)
    if text is not None:  # any other byte is not an error value [MS-XLS] knows: read as calamine reads it
        row, column = _CELL.unpack_from(stream, offset)
        cells[row + 1, column + 1] = text
