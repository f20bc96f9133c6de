from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.lock import DatabaseInUse, DatabaseLock, LockFileError, describe_holder, holder_text, lock_path_for
from tests.db.media import IS_ROOT, folder_anybody_may_write, running_as_nobody

PROJECT = Path(__file__).resolve().parents[2]

# Runs in another process: take the lock, say so, then wait for a command on stdin.
HOLDER = """
import os, sys
from pathlib import Path
from db.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
command = sys.stdin.readline().strip()
if command == "crash":
    os._exit(3)  # no release: the OS must drop the lock
lock.release()
print("released", flush=True)
"""


class OtherProcess:
    def __init__(self, db_path: Path):
        env = {**os.environ, "PYTHONPATH": str(PROJECT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=PROJECT,
        )
        assert self.proc.stdout.readline().strip() == "locked"

    def send(self, command: str) -> int:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.proc.wait(timeout=30)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


@pytest.fixture
def other(tmp_path):
    started: list[OtherProcess] = []

    def start() -> OtherProcess:
        started.append(OtherProcess(tmp_path / "office.db"))
        return started[-1]

    yield start
    for proc in started:
        proc.kill()


def test_lock_file_sits_next_to_the_database(tmp_path):
    db_path = tmp_path / "office.db"
    assert lock_path_for(db_path) == tmp_path / "office.db.lock"
    with DatabaseLock(db_path) as lock:
        assert lock.held
        assert lock.lock_path.read_text(encoding="utf-8") == holder_text()
    assert not lock.held
    assert not lock.lock_path.exists()  # a clean exit leaves nothing beside the database


def test_second_process_is_refused_and_told_who_holds_it(tmp_path, other):
    db_path = tmp_path / "office.db"
    holder = other()
    with pytest.raises(DatabaseInUse) as caught:
        DatabaseLock(db_path).acquire()
    message = str(caught.value)
    assert str(db_path) in message
    assert f"进程号 {holder.proc.pid}" in message
    assert caught.value.holder.endswith(f" {holder.proc.pid}")

    # A refused attempt leaves the holder's lock file alone, so a third attempt is refused too.
    assert lock_path_for(db_path).exists()
    with pytest.raises(DatabaseInUse):
        DatabaseLock(db_path).acquire()

    assert holder.send("release") == 0
    assert not lock_path_for(db_path).exists()
    with DatabaseLock(db_path):
        pass


def test_lock_is_freed_when_the_holder_crashes(tmp_path, other):
    db_path = tmp_path / "office.db"
    holder = other()
    assert holder.send("crash") == 3
    assert lock_path_for(db_path).read_text(encoding="utf-8")  # stale content remains
    with DatabaseLock(db_path) as lock:
        assert lock.held


def test_lock_is_freed_when_the_holder_is_killed(tmp_path, other):
    db_path = tmp_path / "office.db"
    other().kill()
    with DatabaseLock(db_path):
        pass


def test_stale_lock_file_without_holder_does_not_block(tmp_path):
    db_path = tmp_path / "office.db"
    lock_path_for(db_path).write_text("someone@old-pc 4242", encoding="utf-8")
    with DatabaseLock(db_path):
        assert lock_path_for(db_path).read_text(encoding="utf-8") == holder_text()


def test_other_process_blocked_while_we_hold_the_lock(tmp_path):
    db_path = tmp_path / "office.db"
    script = (
        "import sys\nfrom pathlib import Path\nfrom db.lock import DatabaseLock, DatabaseInUse\n"
        "try:\n    DatabaseLock(Path(sys.argv[1])).acquire()\nexcept DatabaseInUse as e:\n"
        "    print(e)\n    sys.exit(7)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    with DatabaseLock(db_path):
        result = subprocess.run(
            [sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 7, result.stderr
        assert "正在被另一个窗口或程序使用" in result.stdout
    result = subprocess.run([sys.executable, "-c", script, str(db_path)], env=env, timeout=60)
    assert result.returncode == 0


def test_two_locks_in_one_process_conflict(tmp_path):
    # flock is per open file description and each DatabaseLock opens the file itself.
    db_path = tmp_path / "office.db"
    with DatabaseLock(db_path), pytest.raises(DatabaseInUse):
        DatabaseLock(db_path).acquire()
    with DatabaseLock(db_path):
        pass


def test_acquire_and_release_are_idempotent(tmp_path):
    lock = DatabaseLock(tmp_path / "office.db")
    lock.release()
    lock.acquire()
    lock.acquire()
    assert lock.held
    lock.release()
    lock.release()
    assert not lock.held


def test_lock_released_when_the_with_block_raises(tmp_path):
    db_path = tmp_path / "office.db"
    with pytest.raises(RuntimeError), DatabaseLock(db_path):
        raise RuntimeError("boom")
    with DatabaseLock(db_path):
        pass


def test_unwritable_folder_gives_a_chinese_in_use_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(LockFileError, match="锁文件") as caught:
        DatabaseLock(blocker / "office.db").acquire()
    assert isinstance(caught.value, DatabaseInUse)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zhang@OFFICE-PC 1234", "计算机“OFFICE-PC”上的用户“zhang”，进程号 1234"),
        ("a@b@host 9", "计算机“host”上的用户“a@b”，进程号 9"),
        ("garbage", "garbage"),
        ("", None),
        (None, None),
    ],
)
def test_describe_holder(text, expected):
    assert describe_holder(text) == expected


def test_message_without_known_holder(tmp_path):
    message = str(DatabaseInUse(tmp_path / "office.db"))
    assert "office.db" in message
    assert "（" not in message


def test_release_removes_only_its_own_lock_file(tmp_path):
    db_path = tmp_path / "office.db"
    first = DatabaseLock(db_path)
    first.acquire()
    with pytest.raises(DatabaseInUse):
        DatabaseLock(db_path).acquire()
    assert first.lock_path.exists()
    first.release()
    assert not first.lock_path.exists()


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot delete a file another handle has open")
def test_a_lock_file_deleted_while_locking_is_not_trusted(tmp_path, monkeypatch):
    """The holder deletes the file on release: whoever opened it just before must not lock the orphan."""
    from db import lock as lock_module

    db_path = tmp_path / "office.db"
    real_try_lock = lock_module._try_lock
    calls = []

    def try_lock_after_the_holder_released(fd):
        calls.append(fd)
        if len(calls) == 1:
            lock_path_for(db_path).unlink()  # the previous holder released between our open and our lock
        return real_try_lock(fd)

    monkeypatch.setattr(lock_module, "_try_lock", try_lock_after_the_holder_released)
    with DatabaseLock(db_path) as lock:
        assert len(calls) == 2
        assert os.path.samestat(os.fstat(lock._fd), os.stat(lock.lock_path))
        with pytest.raises(DatabaseInUse):
            DatabaseLock(db_path).acquire()


def test_a_lock_held_by_a_crashed_process_is_cleaned_up_by_the_next(tmp_path, other):
    db_path = tmp_path / "office.db"
    assert other().send("crash") == 3
    assert lock_path_for(db_path).exists()
    with DatabaseLock(db_path):
        pass
    assert not lock_path_for(db_path).exists()


# --- the same database under another name ------------------------------------------------------


def alias(db_path: Path, folder: Path, how: str) -> Path:
    """The database file reached by a second path: a hard link (possibly in another folder) or a symlink."""
    folder.mkdir(exist_ok=True)
    other = folder / "别名.db"
    try:
        if how == "hardlink":
            os.link(db_path, other)
        else:
            other.symlink_to(db_path)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"cannot make a {how} here: {exc}")
    return other


@pytest.mark.parametrize("how", ["hardlink", "symlink"])
def test_the_same_file_under_another_name_is_locked_too(tmp_path, how):
    db_path = tmp_path / "office.db"
    db_path.write_bytes(b"")
    other = alias(db_path, tmp_path / "elsewhere", how)
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseInUse) as caught:
            DatabaseLock(other).acquire()
        assert "进程号" in str(caught.value)  # who holds it, read from the shared lock
        assert not lock_path_for(other).exists()  # a refused attempt leaves nothing behind
    with DatabaseLock(other), pytest.raises(DatabaseInUse):  # released: the other name may take it now
        DatabaseLock(db_path).acquire()


def test_a_second_process_on_a_hard_link_is_refused(tmp_path, other):
    db_path = tmp_path / "office.db"
    db_path.write_bytes(b"")
    link = alias(db_path, tmp_path / "elsewhere", "hardlink")
    holder = other()
    with pytest.raises(DatabaseInUse) as caught:
        DatabaseLock(link).acquire()
    assert f"进程号 {holder.proc.pid}" in str(caught.value)
    assert holder.send("release") == 0
    with DatabaseLock(link):
        pass


def test_a_database_created_after_the_lock_is_locked_by_identity_once_it_exists(tmp_path):
    db_path = tmp_path / "office.db"
    with DatabaseLock(db_path) as lock:
        db_path.write_bytes(b"")  # sqlite creates the file after the lock was taken
        lock.acquire()  # open_office takes the lock again once the file exists
        link = alias(db_path, tmp_path / "elsewhere", "hardlink")
        with pytest.raises(DatabaseInUse):
            DatabaseLock(link).acquire()


def test_no_lock_file_is_left_anywhere_after_a_clean_release(tmp_path):
    from db.lock import identity_lock_path

    db_path = tmp_path / "office.db"
    db_path.write_bytes(b"")
    with DatabaseLock(db_path):
        shared = identity_lock_path(db_path)
        assert shared is not None and shared.exists()
    assert not shared.exists() and not lock_path_for(db_path).exists()


# --- another user of this PC ------------------------------------------------------------------------


@pytest.fixture
def shared_folder(monkeypatch):
    """A shared lock folder of the tests' own (made by the lock, as in the temp folder), in a folder every user
    may enter, with a database folder `a` and a folder `b` holding a hard link to it."""
    from db import lock as lock_module

    with folder_anybody_may_write() as base:
        monkeypatch.setattr(lock_module, "identity_dir", lambda: base / "locks")
        for name in ("a", "b"):
            (base / name).mkdir()
            (base / name).chmod(0o777)
        real = base / "a" / "real.db"
        real.write_bytes(b"")
        os.link(real, base / "b" / "hard.db")
        yield base


def test_another_user_on_a_hard_link_is_refused(shared_folder):
    if not IS_ROOT:
        pytest.skip("needs root, to be two users")
    with DatabaseLock(shared_folder / "a" / "real.db"):
        folder = shared_folder / "locks"
        assert folder.stat().st_mode & 0o7777 == 0o1777
        assert all(p.stat().st_mode & 0o777 == 0o666 for p in folder.iterdir())
        with running_as_nobody(), pytest.raises(DatabaseInUse, match="进程号"):
            DatabaseLock(shared_folder / "b" / "hard.db").acquire()


def test_a_shared_lock_file_another_user_left_unopenable_refuses_writing(shared_folder):
    if not IS_ROOT:
        pytest.skip("needs root, to be two users")
    from db.lock import identity_lock_path

    hard = shared_folder / "b" / "hard.db"
    with DatabaseLock(shared_folder / "a" / "real.db"):
        shared = identity_lock_path(hard)
        shared.chmod(0o600)  # as an older version, or another umask, leaves it
        with running_as_nobody():
            with pytest.raises(LockFileError, match="无法确认") as caught:
                DatabaseLock(hard).acquire()
            assert str(shared) in str(caught.value)
            assert not lock_path_for(hard).exists()
