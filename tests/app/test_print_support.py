"""A small office for the printing tests: short, long and rare-character names, scores, a finalized period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from pypdf import PdfReader

from app.appraisal import service
from app.appraisal.finalize import finalize_period
from app.appraisal.service import ScoreInput
from app.people.service import create_person
from app.settings import save as save_settings
from app.units.service import create_unit
from tests.ids import make_id

ACTOR = "测试员"
LONG_UNIT = "成都市武侯区玉林街道玉林北路社区党群服务中心第一网格党支部"
RARE = "李𪚥"  # U+2A6A5: Extension B, in no everyday font
NOBODY_HAS = "\U0002ebf0"  # Extension I (Unicode 15.1): no font installed here draws it
# name, work, test, satisfaction: totals 96.5, 90.5, 86.1, 86.1 (tied), 78, 70.5
PEOPLE = [
    ("王一", "98", "95", "95"),
    ("欧阳娜娜木", "90", "92", "90"),
    (RARE, "85", "85", "88"),
    ("丁二", "85", "85", "88"),
    ("马三", "80", "76", "76"),
    ("张四", "70", "70", "71.67"),
]


def build_office(db, *, extra: int = 0) -> dict:
    """People, a 2024 period ranked and finalized, a 2025 period open; returns the ids."""
    save_settings(db, {"office_name": "武侯区委组织部", "issuer": "中共成都市武侯区委组织部"}, ACTOR)
    short = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    long = create_unit(db, {"name": LONG_UNIT, "kind": "社区/村"}, ACTOR).record_id
    names = [p[0] for p in PEOPLE] + [f"测试{chr(0x4E00 + i)}" for i in range(extra)]
    ids = [
        create_person(
            db,
            {"role": "community_worker", "name": name, "id_number": make_id(i),
             "unit_id": long if i == 1 else short, "position": "网格员"},
            ACTOR,
        ).record_id
        for i, name in enumerate(names)
    ]  # fmt: skip
    done = service.open_period(db, "weighted-top20", 2024, None, ACTOR).made
    open_ = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    for period in (done, open_):
        for person_id, (_name, work, test, sat) in zip(ids, PEOPLE, strict=False):
            scores = {"work": D(work), "test": D(test), "satisfaction": D(sat)}
            service.set_scores(db, period.id, ScoreInput(person_id, scores), ACTOR)
    finalize_period(db, done.id, ACTOR, issued_on=dt.date(2025, 1, 15))
    return {"people": ids, "final": done.id, "open": open_.id}


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font used on any page → whether it is embedded (a FontFile2 in its descriptor)."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found
