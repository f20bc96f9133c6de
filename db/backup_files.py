"""The backup folder and the files in it: names, listing, rotation and what killed backups left behind.

Pure file-name and folder work; making, restoring and checking a backup's content live in `db.backup`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Hashable
from pathlib import Path

BACKUP_SUFFIX = ".db"
BACKUP_DIR_NAME = "备份"
PART_SUFFIX = ".part"
# What SQLite may leave beside a part file when a backup stops half-way: the copied header says WAL, so the part
# gets its own -wal and -shm until `journal_mode=DELETE` runs.
PART_SIDECARS = ("", "-wal", "-shm", "-journal")

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
YOUNG = datetime.timedelta(hours=24)
# A `.part` older than this was left by a backup that was killed; a younger one may be a backup running now.
STALE_PART_AGE = datetime.timedelta(minutes=10)
# Backups stamped a little in the future still count as fresh (clock adjustments); far-future ones,
# left by a PC whose clock was once wrong, must not stop the daily backup for years.
CLOCK_SLACK = datetime.timedelta(minutes=5)

# Why a backup was made: the ASCII word in its file name (names stay ASCII for scripts, USB sticks and old tools)
# and the Chinese words every screen and message shows instead. A new reason needs an entry here first.
REASON_LABELS = {
    "auto": "自动",
    "exit": "退出时",
    "migrate": "升级前",
    "bulk": "批量操作前",
    "manual": "手动",
    "safety": "恢复前",
}
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[A-Za-z]+)(?:-(?P<n>\d+))?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


# --- names and folders -------------------------------------------------------------------------


def backup_dir_for(db_path: Path) -> Path:
    """The backup folder beside the database. Not created here: listing must work on read-only media."""
    return Path(db_path).parent / BACKUP_DIR_NAME


def backup_file_name(db_path: Path, when: datetime.datetime, reason: str) -> str:
    if reason not in REASON_LABELS:
        # The reason is parsed back out of the name and shown in Chinese, so it must be one we can name.
        raise ValueError(f"backup reason must be one of {sorted(REASON_LABELS)}, got {reason!r}")
    return f"{Path(db_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"


def parse_name(name: str) -> tuple[str, datetime.datetime, int] | None:
    """(stem, time, same-second counter) for one of our backup names, else None."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        when = datetime.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return match["stem"], when, int(match["n"] or 1)


def reason_label(path: Path) -> str:
    """Why the backup `path` was made, in Chinese (office-20261121-162000-bulk.db → 批量操作前); '' if unknown."""
    match = _NAME.match(Path(path).name)
    return REASON_LABELS.get(match["reason"], "") if match else ""


def describe_backup(path: Path) -> str:
    """One of our backups in words, e.g. '批量操作前备份，2026-11-21 16:20:00'; any other file by its name."""
    path = Path(path)
    parsed, label = parse_name(path.name), reason_label(path)
    if parsed is None or not label:
        return f"备份文件“{path.name}”"
    return f"{label}备份，{parsed[1]:%Y-%m-%d %H:%M:%S}"


def list_backups(directory: Path, stem: str | None = None) -> list[tuple[datetime.datetime, Path]]:
    """Our backups in `directory` (optionally of one database), newest first."""
    try:
        entries = list(Path(directory).iterdir())
    except OSError:
        return []
    found: list[tuple[datetime.datetime, int, Path]] = []
    for entry in entries:
        parsed = parse_name(entry.name)
        if parsed is None or (stem is not None and parsed[0] != stem) or not entry.is_file():
            continue
        found.append((parsed[1], parsed[2], entry))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(when, path) for when, _, path in found]


def last_backup_time(db_path: Path) -> datetime.datetime | None:
    backups = list_backups(backup_dir_for(db_path), Path(db_path).stem)
    return backups[0][0] if backups else None


def needs_daily_backup(db_path: Path, now: datetime.datetime | None = None) -> bool:
    """True when no backup of this database was made in the last 24 hours."""
    now = now or datetime.datetime.now()
    for when, _ in list_backups(backup_dir_for(db_path), Path(db_path).stem):
        if now - YOUNG <= when <= now + CLOCK_SLACK:
            return False
    return True


# --- rotation ----------------------------------------------------------------------------------


def _newest_per_bucket(
    times: list[datetime.datetime], key: Callable[[datetime.datetime], Hashable], count: int
) -> set[datetime.datetime]:
    """The newest time in each of the `count` most recent buckets; `times` must be sorted newest first."""
    kept: dict[Hashable, datetime.datetime] = {}
    for when in times:
        bucket = key(when)
        if bucket not in kept:
            if len(kept) == count:
                break
            kept[bucket] = when
    return set(kept.values())


def select_kept(times: list[datetime.datetime], now: datetime.datetime) -> set[datetime.datetime]:
    """Which backup times survive rotation: 7 daily, 4 weekly, 12 monthly, plus everything under 24 h."""
    # Future-dated backups are always kept but never take a daily/weekly/monthly slot, otherwise a
    # clock that was once set years ahead would push every real backup out of the slots.
    young = {when for when in times if now - when < YOUNG}
    past = sorted({when for when in times if when <= now}, reverse=True)
    kept = set(young)
    kept |= _newest_per_bucket(past, lambda when: when.date(), KEEP_DAILY)
    kept |= _newest_per_bucket(past, lambda when: when.isocalendar()[:2], KEEP_WEEKLY)
    kept |= _newest_per_bucket(past, lambda when: (when.year, when.month), KEEP_MONTHLY)
    return kept


def rotate(directory: Path, stem: str, now: datetime.datetime) -> list[Path]:
    """Delete the backups of `stem` that rotation does not keep; returns the files actually deleted."""
    backups = list_backups(directory, stem)
    kept = select_kept([when for when, _ in backups], now)
    deleted: list[Path] = []
    for when, path in backups:
        if when in kept:
            continue
        try:
            path.unlink()
        except OSError:
            # A backup we cannot delete (open in another program, read-only) is simply kept;
            # failing the backup that triggered rotation would be far worse.
            continue
        deleted.append(path)
    return deleted


# --- part files and same-second names ---------------------------------------------------------


def free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, or name-2, name-3 ... if a backup already took it in the same second."""
    candidate = folder / name
    base = name.removesuffix(BACKUP_SUFFIX)
    counter = 2
    while candidate.exists() or candidate.with_name(candidate.name + PART_SUFFIX).exists():
        candidate = folder / f"{base}-{counter}{BACKUP_SUFFIX}"
        counter += 1
    return candidate


def remove_stale_parts(db_path: Path, now: datetime.datetime | None = None) -> list[Path]:
    """Delete what killed backups of this database left in its backup folder (`*.db.part`); returns them.

    Only the process that holds the database's lock calls this, and only parts older than STALE_PART_AGE go: a
    younger one may be a `backup --to 备份` that another process is writing right now."""
    folder = backup_dir_for(db_path)
    stem = Path(db_path).stem
    limit = (now or datetime.datetime.now()) - STALE_PART_AGE
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if _part_of(entry.name) != stem:
            continue
        try:
            if datetime.datetime.fromtimestamp(entry.stat().st_mtime) > limit:
                continue
            entry.unlink()
        except OSError:
            continue  # read-only, or in use: tried again at the next start
        removed.append(entry)
    return removed


def _part_of(name: str) -> str | None:
    """The database stem whose killed backup left the file `name` (a part or its -wal/-shm), else None."""
    for sidecar in PART_SIDECARS:
        suffix = PART_SUFFIX + sidecar
        if name.endswith(suffix):
            parsed = parse_name(name.removesuffix(suffix))
            return parsed[0] if parsed else None
    return None
