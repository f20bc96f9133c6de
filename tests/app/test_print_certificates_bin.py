"""荣誉证书 leave out the people in the recycle bin, as every other document does, and say who and why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import openpyxl
import pytest

from app.appraisal import service as appraisal
from app.appraisal.finalize import finalize_period
from app.appraisal.service import ScoreInput
from app.people.service import retire_people
from app.printing import service
from app.printing.doc_certificates import register_path
from app.printing.problems import PrintError
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR, build_office, pdf_text


@pytest.fixture
def office():
    """The printing office, and a 2023 period of its 10 people finalized: two of them 优秀."""
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db, extra=4)
    period = appraisal.open_period(db, "weighted-top20", 2023, None, ACTOR).made
    for number, person_id in enumerate(ids["people"]):
        score = D(95 - number)
        appraisal.set_scores(db, period.id, ScoreInput(person_id, dict.fromkeys(("work", "test", "satisfaction"),
                                                                                 score)), ACTOR)  # fmt: skip
    finalize_period(db, period.id, ACTOR, issued_on=dt.date(2024, 1, 15))
    yield db, {**ids, "final": period.id}
    db.conn.close()


def _honored(db) -> dict[str, int]:
    rows = db.execute("SELECT p.name, p.id FROM honors h JOIN people p ON p.id = h.person_id"
                      " WHERE h.year = 2023 ORDER BY h.serial")  # fmt: skip
    return dict(rows.fetchall())


def test_a_person_in_the_recycle_bin_gets_no_certificate_and_is_named(office, tmp_path):
    db, ids = office
    honored = _honored(db)
    assert len(honored) == 2
    gone, kept = list(honored)[0], list(honored)[1:]
    retire_people(db, [honored[gone]], ACTOR)
    out = tmp_path / "证书.pdf"
    printed = service.certificates(db, out, period_id=ids["final"])
    texts = pdf_text(out)
    assert printed.count == len(kept) == len(texts)
    assert not any(gone in t for t in texts) and all(any(name in t for t in texts) for name in kept)
    assert any(gone in note and "1 人已移入回收站，未打印" in note for note in printed.notes), printed.notes
    register = [
        row[1] for row in openpyxl.load_workbook(register_path(out)).active.iter_rows(values_only=True)
    ]
    assert gone not in register and all(name in register for name in kept)


def test_chosen_honors_of_people_in_the_recycle_bin_are_left_out_too(office, tmp_path):
    db, _ids = office
    honored = _honored(db)
    gone = list(honored)[0]
    retire_people(db, [honored[gone]], ACTOR)
    honor_ids = [r[0] for r in db.execute("SELECT id FROM honors WHERE year = 2023 ORDER BY serial")]
    printed = service.certificates(db, tmp_path / "c.pdf", honor_ids=honor_ids)
    assert printed.count == len(honored) - 1
    assert any(gone in note for note in printed.notes)


def test_when_everyone_honored_is_in_the_recycle_bin_nothing_is_written(office, tmp_path):
    db, ids = office
    honored = _honored(db)
    retire_people(db, list(honored.values()), ACTOR)
    out = tmp_path / "c.pdf"
    with pytest.raises(PrintError) as refused:
        service.certificates(db, out, period_id=ids["final"])
    assert "都已移入回收站" in str(refused.value) and all(name in str(refused.value) for name in honored)
    assert not out.exists() and not register_path(out).exists()
