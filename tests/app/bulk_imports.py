"""The command-line imports that write a file's rows in one transaction after a 批量操作前 backup (roster,
appraisal scores, care ledger, training attendance), described once so a test can run the same check over each.
"""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.ids import make_id

TRAINING_COURSE = ["--course", "入门班", "--category", "入门", "--start", "2026-03-02", "--end", "2026-03-03"]


@dataclass(frozen=True)
class BulkImport:
    id: str
    command: tuple[str, ...]
    # After 姓名 and 公民身份号码: the columns each row needs, and one valid person's cells in them.
    columns: tuple[str, ...]
    cells: tuple[object, ...]
    options: tuple[str, ...]
    # What a row written adds to.
    table: str
    # The roster import creates a missing database; the others require an existing one.
    creates: bool = False

    def sheet(self, folder: Path, people: list[tuple[str, str]]) -> Path:
        """A CSV with one row for each (name, ID number)."""
        path = folder / f"{self.id}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["姓名", "公民身份号码", *self.columns])
            writer.writerows([name, number, *self.cells] for name, number in people)
        return path

    def argv(self, sheet: Path, db: Path) -> list[str]:
        return [*self.command, str(sheet), "--db", str(db), *self.options]

    def writable(self, folder: Path, db: Path) -> Path:
        """A sheet with something to write into `db`: a new person for the roster, its people for the others."""
        if self.creates:
            return self.sheet(folder, [("钱新", make_id(900))])
        return self.sheet(folder, office_people(db))

    def rows(self, db: Path) -> int:
        with closing(_reading(db)) as conn:
            return conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]


IMPORTS = [
    BulkImport(
        "roster", ("import", "roster"), ("人员类别", "工作单位"), ("社区工作者", "武侯区"), (), "people", True
    ),
    BulkImport(
        "appraisal",
        ("appraisal", "import"),
        ("工作考核", "业务测试", "满意度测评"),
        (90, 90, 90),
        ("--scheme", "weighted-top20", "--year", "2020"),  # a year the demo does not score
        "appraisal_scores",
    ),
    BulkImport(
        "care",
        ("care", "import"),
        ("日期", "记录类型", "类别"),
        ("2026-01-20", "走访慰问", "节日慰问"),
        (),
        "care_visits",
    ),
    BulkImport("training", ("training", "import"), (), (), (*TRAINING_COURSE, "--hours", "8"), "enrolments"),
]
IMPORT_IDS = [i.id for i in IMPORTS]


def office_people(db: Path) -> list[tuple[str, str]]:
    with closing(_reading(db)) as conn:
        return conn.execute("SELECT name, id_number FROM people WHERE deleted_at IS NULL").fetchall()


def _reading(db: Path) -> sqlite3.Connection:
    # Plain and read-only: the app's own open would take its lock file and may write beside the database.
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
