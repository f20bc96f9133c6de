"""The 批量操作前 backup of a command-line import, made in a background thread while the import reads and checks
its file, instead of after.

Copying a 10,000-person office (20 MB) and syncing it to disk takes about 50 ms, nearly all of it inside SQLite
and the OS with Python's lock released; the dry run beside it is Python. The copy is of the database as it is
when the command has opened it (holding the one-writer lock, after any upgrade): nothing writes to it until the
commit, which waits for the copy and takes it as its backup. A copy nobody takes (an import that finds nothing
to write, a file refused) or that a failed commit gives back is deleted again, and the folder's older backups
are rotated only for a copy that is kept, once the block ends, so a discarded one never costs an older backup
its place."""

from __future__ import annotations

import contextlib
import datetime
import time
from pathlib import Path

from app.background import InBackground
from db.backup import BackupError, backup_dir_for, make_backup, rotate
from db.connection import DatabaseError, connect

_DELETE_TRIES = 5


class BackupAhead(InBackground[Path]):
    """The backup, begun when this is made; as a context, deleted on leaving unless the commit took it."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._taken = False
        # A folder made for this copy alone goes with it, when the copy goes.
        self._new_folder = not backup_dir_for(self.db_path).exists()
        super().__init__(self._make, "backup-ahead")

    def _make(self) -> Path:
        try:
            # Its own connection: SQLite connections stay in their thread. Read-only: it only copies.
            conn = connect(self.db_path, readonly=True)
        except DatabaseError as exc:  # the office opened for writing a moment ago: said as the backup failing
            raise BackupError(f"备份没有成功：{exc}") from exc
        try:
            return make_backup(conn, self.db_path, "bulk", rotating=False)
        finally:
            conn.close()

    def take(self) -> Path:
        """The finished backup, kept (the folder rotated for it on leaving); raises what making it raised
        (BackupError …)."""
        made = self.result()
        self._taken = True
        return made

    def give_back(self) -> None:
        """The commit that took the backup wrote nothing (it failed and rolled back): delete it on leaving, like
        a copy nobody took, so a failed attempt neither leaves a copy nor costs an older backup its place."""
        self._taken = False

    def __enter__(self) -> BackupAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        """Wait for the copy; rotate the folder for it when it was taken, else delete it."""
        if self.failed():
            return
        made = self.result()
        if self._taken:
            rotate(backup_dir_for(self.db_path), self.db_path.stem, datetime.datetime.now())
            return
        self._delete(made)

    def _delete(self, made: Path) -> None:
        for attempt in range(_DELETE_TRIES):
            try:
                made.unlink(missing_ok=True)
                break
            except OSError:  # on Windows a scanner may hold a file just written: wait for it a little
                if attempt + 1 < _DELETE_TRIES:
                    time.sleep(0.1)
        else:
            return  # left behind: an extra copy of the office as it is, never a harm
        if self._new_folder:
            with contextlib.suppress(OSError):  # not empty: another backup came meanwhile, and stays
                made.parent.rmdir()
