"""Faults of the machine, made real for tests: read-only media, a full disk, a file nobody may write.

Tests run as root in CI (a fresh Debian machine), where chmod stops nothing. What works there, in order:
a small tmpfs (mounted, filled, remounted read-only) needs mount rights; `chattr +i` needs root and a file system
that has the flag (ext4, not tmpfs or overlayfs); chmod works for everybody but root. Whatever none of these can
make here is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _quiet(*command: str) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True, timeout=30).returncode == 0


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. '256k') mounted on the empty folder `folder`; skips the test where mounting is
    impossible (not root, a container without the right)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (IS_ROOT and _quiet("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(folder))):
        pytest.skip("cannot mount a tmpfs here (needs root with mount rights)")
    try:
        yield folder
    finally:
        _quiet("umount", "-l", str(folder))


def remount_read_only(folder: Path) -> None:
    assert _quiet("mount", "-o", "remount,ro", str(folder)), "remounting the tmpfs read-only failed"


@contextlib.contextmanager
def read_only_medium(folder: Path, fill: Callable[[Path], None]) -> Iterator[str]:
    """`folder` filled by `fill`, then made read-only like a write-protected USB stick or a CD; yields how
    ('mount', 'chattr' or 'chmod'). Everything is writable again afterwards, so pytest can clean up."""
    folder.mkdir(parents=True, exist_ok=True)
    if IS_ROOT and _quiet("mount", "-t", "tmpfs", "-o", "size=16m,mode=0777", "tmpfs", str(folder)):
        try:
            fill(folder)
            remount_read_only(folder)
            yield "mount"
        finally:
            _quiet("umount", "-l", str(folder))
        return
    fill(folder)
    entries = [*folder.iterdir(), folder]
    if IS_ROOT:
        if not all(_quiet("chattr", "+i", str(entry)) for entry in entries):
            for entry in entries:
                _quiet("chattr", "-i", str(entry))
            pytest.skip("as root, neither a read-only tmpfs nor chattr +i is possible here")
        try:
            yield "chattr"
        finally:
            for entry in entries:
                _quiet("chattr", "-i", str(entry))
        return
    modes = {entry: entry.stat().st_mode for entry in entries}
    for entry in entries:
        entry.chmod(0o555 if entry.is_dir() else 0o444)
    try:
        yield "chmod"
    finally:
        for entry, mode in modes.items():
            entry.chmod(mode)


@contextlib.contextmanager
def unwritable_file(path: Path) -> Iterator[None]:
    """`path` may be read but not written, by anybody (chattr +i as root, chmod otherwise); its folder stays
    writable."""
    if IS_ROOT:
        if not _quiet("chattr", "+i", str(path)):
            pytest.skip("as root, chattr +i is not possible on this file system")
        try:
            yield
        finally:
            _quiet("chattr", "-i", str(path))
        return
    mode = path.stat().st_mode
    path.chmod(0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Fill the file system of `folder` (a small tmpfs) up to `leave` bytes."""
    with open(folder / "ballast", "wb") as handle:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                free = shutil.disk_usage(folder).free
                if free <= leave:
                    break
                handle.write(block[: min(len(block), free - leave)])
                handle.flush()


@contextlib.contextmanager
def folder_nobody_may_write(fill: Callable[[Path], None]) -> Iterator[Path]:
    """A folder of mode 555 holding what `fill` put there, as a user meets one set up by an administrator: there
    SQLite is refused a new file with EACCES (not EROFS, as on read-only media), and says so otherwise. A mode stops
    everybody but root, so as root the block runs as the user nobody (seteuid, taken back afterwards), in a folder
    outside pytest's own (which only root may enter). The folder's parent may be written by anybody."""
    if not hasattr(os, "seteuid"):
        pytest.skip("needs POSIX permissions")
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="grassroots-555-"))
    try:
        base.chmod(0o777)
        folder = base / "只读文件夹"
        folder.mkdir()
        fill(folder)
        for entry in folder.iterdir():
            entry.chmod(0o644)
        folder.chmod(0o555)
        with running_as_nobody():
            yield folder
    finally:
        with contextlib.suppress(OSError):
            (base / "只读文件夹").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def running_as_nobody() -> Iterator[None]:
    """As root: the block runs as the user nobody (seteuid, taken back afterwards), for whom modes count. Otherwise
    as whoever runs the tests, for whom they count already."""
    if not hasattr(os, "seteuid"):
        pytest.skip("needs POSIX permissions")
    if not IS_ROOT:
        yield
        return
    import pwd

    user = pwd.getpwnam("nobody")
    groups = os.getgroups()
    os.setgroups([])  # root's own group would still let it in
    os.setegid(user.pw_gid)
    os.seteuid(user.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


@contextlib.contextmanager
def folder_anybody_may_write() -> Iterator[Path]:
    """An empty folder of mode 777 that the user nobody may enter too (pytest's own folder only root may enter)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="grassroots-777-"))
    try:
        base.chmod(0o777)
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)
