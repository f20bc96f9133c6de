"""Each document read back: text in order, fonts embedded, page counts, 第 X 页 共 Y 页, the rare-character name
printed whole, and a character no font has: a list refused whole, a one-per-person document without that person."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from app.people.service import create_person
from app.printing import service
from app.printing.doc_certificates import register_path
from app.printing.doc_roster import COLUMNS
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.settings import OFFSET_X, TEMPLATE, TEXT_ONLY
from app.printing.settings import save as save_print_settings
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR, LONG_UNIT, NOBODY_HAS, RARE, build_office, fonts_of, pdf_text
from tests.ids import make_id


@pytest.fixture
def office():
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db)
    yield db, ids
    db.conn.close()


def _embedded(path) -> None:
    used = fonts_of(path)
    assert used and all(used.values()), used


def _add_unprintable(db) -> int:
    person = {"role": "community_worker", "name": "张" + NOBODY_HAS, "id_number": make_id(900), "unit_id": 1}
    return create_person(db, person,
                         ACTOR).record_id  # fmt: skip


def test_roster_in_stroke_order_with_the_chosen_columns(office, tmp_path):
    db, _ids = office
    out = tmp_path / "roster.pdf"
    printed = service.roster(db, out, columns=["姓名", "工作单位", "公民身份号码"])
    text = pdf_text(out)[0]
    assert printed.count == 6 and printed.pages == 1
    assert text.startswith("武侯区委组织部社区工作者花名册")  # one kind of people: titled by it
    assert "序号" in text and "公民身份号码" in text and "出生日期" not in text
    assert make_id(0) in text and RARE in text
    # 姓氏笔画: 丁(2) 马(3) 王(4) 李(7, 横 first) 张(7, 折 first) 欧(8)
    order = [text.index(name) for name in ("丁二", "马三", "王一", RARE, "张四", "欧阳娜娜木")]
    assert order == sorted(order)
    pinyin = pdf_text(service.roster(db, tmp_path / "p.pdf", order="pinyin").out)[0]
    assert pinyin.index("丁二") < pinyin.index(RARE) < pinyin.index("马三") < pinyin.index("欧阳娜娜木")
    _embedded(out)


def test_a_long_roster_repeats_its_header_and_numbers_its_pages(tmp_path):
    db = open_memory()
    migrations.apply(db)
    build_office(db, extra=194)
    out = tmp_path / "200.pdf"
    printed = service.roster(db, out)
    texts = pdf_text(out)
    assert printed.count == 200 and printed.pages == len(texts) > 3
    for number, text in enumerate(texts, 1):
        assert "序号" in text and "工作单位" in text
        assert f"第 {number} 页 共 {len(texts)} 页" in text
    numbers = [
        int(line.split()[0]) for text in texts for line in text.splitlines() if line.split()[0].isdigit()
    ]
    assert sorted(set(numbers) & set(range(1, 201))) == list(range(1, 201))


def test_a_list_with_a_character_no_font_has_is_not_written(office, tmp_path):
    db, _ids = office
    _add_unprintable(db)
    out = tmp_path / "roster.pdf"
    with pytest.raises(MissingGlyphs) as refused:
        service.roster(db, out)
    assert "张" + NOBODY_HAS in str(refused.value) and "U+2EBF0" in str(refused.value)
    assert not out.exists() and not (tmp_path / "roster.pdf.part").exists()


def test_ranking_shows_shared_places_and_lists_the_unranked_after(office, tmp_path):
    db, ids = office
    out = tmp_path / "ranking.pdf"
    printed = service.ranking(db, ids["open"], out)
    text = pdf_text(out)[0]
    assert printed.count == 6
    assert text.startswith("2025年度考核排名表")
    assert "3（并列）" in text
    order = [text.index(n) for n in ("王一", "欧阳娜娜木", RARE, "马三")]
    assert order == sorted(order)
    assert "制表人" in text and "审核人" in text and "制表日期" in text
    assert LONG_UNIT[:10] in text.replace("\n", "")
    _embedded(out)


def test_ranking_marks_a_grade_set_by_hand_and_says_why_under_the_table(office, tmp_path):
    db, ids = office
    from app.appraisal.service import override_grade

    override_grade(db, ids["open"], ids["people"][5], "不称职", "严重违反工作纪律", ACTOR)
    out = tmp_path / "ranking.pdf"
    service.ranking(db, ids["open"], out)
    text = pdf_text(out)[0].replace("\n", "")
    assert "不称职*" in text
    assert "*张四：手工定为不称职（理由：严重违反工作纪律）；按规则：" in text
    assert text.count("*") == 2  # the mark and its note: nobody else was set by hand


def test_ranking_pending_people_come_after_with_the_reason(office, tmp_path):
    db, ids = office
    from app.appraisal.service import ScoreInput, set_scores

    set_scores(db, ids["open"], ScoreInput(ids["people"][5], {"work": None, "test": None, "satisfaction": None}),
               ACTOR)  # fmt: skip
    out = tmp_path / "ranking.pdf"
    service.ranking(db, ids["open"], out)
    text = pdf_text(out)[0]
    assert "未列入排名（1 人）" in text
    tail = text[text.index("未列入排名") :]
    assert "张四" in tail and "待补录" in tail


def test_sheets_one_page_each_with_scores_and_place(office, tmp_path):
    db, ids = office
    out = tmp_path / "sheets.pdf"
    printed = service.sheets(db, ids["final"], out)
    texts = pdf_text(out)
    assert printed.count == 6 and printed.pages == len(texts) == 6
    first = texts[0]
    assert "2024年度社区工作者考核登记表" in first and "王一" in first
    assert "96.50" in first and "1/6" in first and "优秀" in first
    assert "个" in first and "考核" in first and "第 1 页 共 6 页" in first
    blank = pdf_text(service.sheets(db, ids["final"], tmp_path / "b.pdf", blank=True).out)[0]
    assert "王一" in blank and "96.50" not in blank and "1/6" not in blank
    _embedded(out)


def test_sheets_leave_out_the_person_no_font_can_print_and_name_them(office, tmp_path):
    db, ids = office
    person = _add_unprintable(db)
    from app.appraisal.service import ScoreInput, set_scores

    set_scores(db, ids["open"], ScoreInput(person, {"work": 80, "test": 80, "satisfaction": 80}), ACTOR)
    printed = service.sheets(db, ids["open"], tmp_path / "s.pdf")
    assert printed.count == 6 and printed.pages == 6
    assert [m.who for m in printed.left_out] == ["张" + NOBODY_HAS]
    assert "张" + NOBODY_HAS in printed.summary()


def test_certificates_of_a_finalized_period_and_their_register(office, tmp_path):
    db, ids = office
    out = tmp_path / "cert.pdf"
    printed = service.certificates(db, out, period_id=ids["final"])
    texts = pdf_text(out)
    assert printed.count == len(texts) == 1  # 20% of 6: one 优秀
    text = texts[0]
    assert "荣" in text and "王一同志" in text
    assert "在2024年度社区工作者考核中被评为优秀等次" in text.replace("\n", "")
    assert "中共成都市武侯区委组织部" in text and "2025年1月15日" in text and "〔2024〕第001号" in text
    assert "页" not in text  # a certificate carries no page number
    _embedded(out)
    sheet = openpyxl.load_workbook(register_path(out)).active
    assert [c.value for c in sheet[1]] == [
        "证书编号",
        "姓名",
        "公民身份号码",
        "工作单位",
        "荣誉",
        "颁发日期",
        "落款",
    ]
    assert [c.value for c in sheet[2]][:3] == ["〔2024〕第001号", "王一", make_id(0)]
    assert printed.extra == [register_path(out)]


def test_certificates_follow_the_office_template_offsets_and_text_only(office, tmp_path):
    db, ids = office
    save_print_settings(db, {TEMPLATE: "兹授予{姓名}同志{荣誉}称号。", OFFSET_X: "10", TEXT_ONLY: "1"}, ACTOR)
    out = tmp_path / "cert.pdf"
    service.certificates(db, out, period_id=ids["final"])
    text = pdf_text(out)[0]
    assert "兹授予王一同志2024年度考核优秀称号。" in text.replace("\n", "")
    assert "荣" not in text  # text only: the paper has the title printed
    content = PdfReader(str(out)).pages[0].get_contents().get_data()
    assert b"28.34646 0 cm" in content or b"1 0 0 1 28.34646 0 cm" in content  # 10 mm to the right


def test_certificates_without_an_issuer_are_printed_and_said(office, tmp_path):
    """An office that finalized before filling in its 落款: the certificates print, and the clerk is told."""
    db, ids = office
    signed = service.certificates(db, tmp_path / "a.pdf", period_id=ids["final"])
    assert not [n for n in signed.notes if "落款" in n]
    db.execute("UPDATE honors SET issuer = ''")
    db.execute("UPDATE settings SET value = '' WHERE key IN ('office_name', 'issuer')")  # nor an office name
    unsigned = service.certificates(db, tmp_path / "b.pdf", period_id=ids["final"])
    assert "1 份证书没有落款（定稿时系统设置中没有填写落款）" in "".join(unsigned.notes)
    assert "组织部" not in pdf_text(tmp_path / "b.pdf")[0]


def test_certificates_of_an_unfinalized_period_are_refused_with_the_reason(office, tmp_path):
    db, ids = office
    with pytest.raises(PrintError, match="还没有定稿，不能打印荣誉证书"):
        service.certificates(db, tmp_path / "c.pdf", period_id=ids["open"])
    assert not (tmp_path / "c.pdf").exists()


def test_blank_score_sheet_lists_people_and_leaves_scores_empty(office, tmp_path):
    db, ids = office
    out = tmp_path / "scores.pdf"
    printed = service.score_sheet(db, ids["open"], out)
    text = pdf_text(out)[0]
    assert printed.count == 6
    assert "2025年度考核评分表" in text and "工作考核" in text and "满分100" in text
    assert "评分人" in text and "96.5" not in text and make_id(0) in text
    assert text.index("丁二") < text.index("王一")  # 姓氏笔画


def test_roster_refuses_an_unknown_column(office, tmp_path):
    db, _ids = office
    with pytest.raises(PrintError, match="没有“籍贯”这一列"):
        service.roster(db, tmp_path / "r.pdf", columns=["籍贯"])
    assert "姓名" in COLUMNS


def test_a_cancelled_batch_writes_nothing(office, tmp_path):
    from app.jobs import JobCancelled

    db, ids = office
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2  # the user presses 取消 at the third sheet

    out = tmp_path / "s.pdf"
    with pytest.raises(JobCancelled):
        service.sheets(db, ids["final"], out, progress=progress)
    assert seen[-1] == (2, 6) and not out.exists() and not (tmp_path / "s.pdf.part").exists()
    with pytest.raises(JobCancelled):
        service.certificates(db, tmp_path / "c.pdf", period_id=ids["final"], progress=lambda d, t: False)
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_shows_the_persons_photo(office, tmp_path):
    import io

    from PIL import Image

    db, ids = office
    picture = io.BytesIO()
    Image.new("RGB", (90, 126), "#3366aa").save(picture, "PNG")
    db.execute("UPDATE people SET photo = ? WHERE id = ?", [picture.getvalue(), ids["people"][0]])
    out = tmp_path / "s.pdf"
    service.sheets(db, ids["final"], out, person_ids=[ids["people"][0]])
    page = PdfReader(str(out)).pages[0]
    images = list(page.images)
    assert len(images) == 1 and images[0].image.size == (90, 126)


def test_certificates_print_the_offices_background_unless_text_only(office, tmp_path):
    from PIL import Image

    from app.printing.settings import BACKGROUND

    db, ids = office
    border = tmp_path / "border.png"
    Image.new("RGB", (297, 210), "#c8a040").save(border)
    save_print_settings(db, {BACKGROUND: str(border)}, ACTOR)
    out = tmp_path / "cert.pdf"
    service.certificates(db, out, period_id=ids["final"])
    assert len(list(PdfReader(str(out)).pages[0].images)) == 1
    save_print_settings(db, {TEXT_ONLY: "1"}, ACTOR)
    service.certificates(db, out, period_id=ids["final"])
    assert list(PdfReader(str(out)).pages[0].images) == []


def test_a_long_list_can_be_cancelled_between_pages(tmp_path):
    from app.jobs import JobCancelled

    db = open_memory()
    migrations.apply(db)
    build_office(db, extra=94)
    pages = []
    out = tmp_path / "roster.pdf"
    with pytest.raises(JobCancelled):
        service.roster(db, out, progress=lambda page, total: pages.append((page, total)) or page < 2)
    assert pages == [(1, 0), (2, 0)] and not out.exists()


def test_without_any_truetype_font_the_cid_font_prints_and_it_is_said(office, tmp_path):
    import datetime as dt

    from app.printing.doc_roster import print_roster
    from app.printing.fonts import resolve_fonts
    from app.printing.people import load_people

    db, _ids = office
    bare = resolve_fonts(folders=[tmp_path / "no-fonts"])
    people = [p for p in load_people(db) if p.name != RARE]
    printed = print_roster(people, tmp_path / "r.pdf", bare, office="测试", today=dt.date(2026, 1, 5))
    assert printed.count == 5 and any("STSong-Light" in note and "不嵌入" in note for note in printed.notes)
    assert "王一" in pdf_text(tmp_path / "r.pdf")[0]


def test_a_roster_of_several_kinds_of_people_is_the_renyuan_huamingce(office, tmp_path):
    db, _ids = office
    person = {"role": "instructor", "name": "周指导", "id_number": make_id(801), "unit_id": 1}
    create_person(db, person, ACTOR)
    text = pdf_text(service.roster(db, tmp_path / "r.pdf").out)[0]
    assert text.startswith("武侯区委组织部人员花名册") and "党建指导员" in text


def test_withdrawn_honors_are_refused_by_name(office, tmp_path):
    from app.appraisal.finalize import list_honors, reopen_period

    db, ids = office
    honor_ids = [h.id for h in list_honors(db, period_id=ids["final"])]
    assert service.certificates(db, tmp_path / "c.pdf", honor_ids=honor_ids).count == 1
    reopen_period(db, ids["final"], "成绩录入有误", ACTOR)
    with pytest.raises(PrintError, match="已撤销.*王一（〔2024〕第001号）"):
        service.certificates(db, tmp_path / "d.pdf", honor_ids=honor_ids)
