"""Printing: 1,000 certificates and 500 assessment sheets, each as a ratio to drawing the same strings with the
same fonts on a bare reportlab canvas, in the same run.

- certificates: `print_certificates` (glyph check, paragraphs wrapped by the Chinese rule, the register .xlsx)
  against a bare Canvas that draws each certificate's title, body lines, issuer, date and serial with
  drawString in the same fonts and sizes, one page each. Target: at most 2× the baseline.
- sheets: `print_sheets` of 500 people (platypus tables, page X of Y, glyph check) against a bare Canvas that
  draws the same strings of each sheet in the table font, one page each. Target: under 10 s; the ratio shown.
Fonts are loaded before the clock starts on both sides (the app loads them once per process too).

Run: python bench/printing.py [--runs 3] [--certificates 1000] [--sheets 500]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

REPO = _common.BENCH_DIR.parent
sys.path.insert(1, str(REPO))

CERTIFICATE_LIMIT = 2.0
SHEETS_LIMIT_S = 10.0


def timed(runs: int, work) -> tuple[float, float]:
    """Median wall-clock and CPU seconds. The machine is shared: under load the wall clock also counts the
    time other processes had the cores, the CPU time only this work's, so the ratio is judged on CPU time."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return _common.median(wall), _common.median(cpu)


def certificates_for(count: int):
    import random

    from app.demo import make_name
    from app.printing.doc_certificates import Certificate

    rng = random.Random(5)
    return [
        Certificate(i, f"〔2024〕第{i + 1:04d}号", make_name(rng), "110101199001010011", "玉林社区", "社区工作者",
                    "2024年度考核优秀", 2024, "2025-01-15", "中共成都市武侯区委组织部")
        for i in range(count)
    ]  # fmt: skip


def bare_certificates(certificates, fonts, layout, out: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from app.printing.doc_certificates import PAGE_H, PAGE_W, TITLE, body_lines
    from app.printing.layout import chinese_date

    canvas = Canvas(str(out), pagesize=(PAGE_W, PAGE_H), initialFontName=fonts.name("kai"))
    for c in certificates:
        canvas.setFont(fonts.name("title"), 44)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - 150, TITLE)
        canvas.setFont(fonts.name("kai"), 24)
        for number, line in enumerate(body_lines(layout, c)):
            canvas.drawString(128, PAGE_H - 260 - 40 * number, line)
        canvas.drawRightString(PAGE_W - 160, 165, c.issuer)
        canvas.drawRightString(PAGE_W - 160, 125, chinese_date(c.issued_on))
        canvas.setFont(fonts.name("table"), 12)
        canvas.drawString(85, 62, f"证书编号：{c.serial_text}")
        canvas.showPage()
    canvas.save()


def sheet_data(count: int):
    """A ranking and its people, `count` of them, from an in-memory demo office."""
    from app.appraisal.periods import list_periods
    from app.appraisal.ranking import rank_period
    from app.demo import build_demo
    from app.printing.people import load_people
    from db import migrations
    from db.connection import open_memory

    db = open_memory()
    migrations.apply(db)
    build_demo(db, count * 4)
    ranking = max((rank_period(db, p) for p in list_periods(db)), key=lambda r: len(r.rows))
    people = load_people(db, [r.member.person_id for r in ranking.rows], photos=True)
    while len(people) < count:  # the demo scores most, not all: repeat pages to reach the count
        people += people[: count - len(people)]
    return ranking, people[:count]


def bare_sheets(ranking, people, fonts, out: Path) -> None:
    """The same strings as each sheet (title, labels, values, scores) drawn with drawString, one page each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.printing.doc_ranking import score_headers

    rows = {r.member.person_id: r for r in ranking.rows}
    headers = score_headers(ranking)
    canvas = Canvas(str(out), pagesize=A4, initialFontName=fonts.name("table"))
    for person in people:
        canvas.setFont(fonts.name("title"), 20)
        canvas.drawCentredString(A4[0] / 2, 760, f"{ranking.period.title}{person.role}考核登记表")
        canvas.setFont(fonts.name("table"), 10.5)
        texts = ["姓名", person.name, "性别", person.gender, "出生年月", person.birth_date, "政治面貌",
                 person.political_status, "学历", person.education, "到岗时间", person.post_start_date, "工作单位",
                 person.unit_name, "岗位", person.position, "人员类别", person.role, *headers, "总分", "名次", "等次",
                 str(rows[person.id].result.total), "个人述职", "考核小组意见", "单位意见"]  # fmt: skip
        for at, text in enumerate(texts):
            canvas.drawString(80 + 120 * (at % 4), 700 - 16 * (at // 4), text or "")
        canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--sheets", type=int, default=500)
    args = parser.parse_args(argv)

    from app.printing.doc_certificates import CertificateLayout, print_certificates
    from app.printing.doc_sheets import print_sheets
    from app.printing.fonts import resolve_fonts

    fonts = resolve_fonts()
    layout = CertificateLayout()
    certificates = certificates_for(args.certificates)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        bare_certificates(certificates[:5], fonts, layout, out / "warm.pdf")  # fonts and caches warm on both
        print_certificates(certificates[:5], out / "warm2.pdf", fonts, layout)
        # The window pauses the garbage collector while a job runs (ui/worker.py); here the objects made so
        # far are set aside instead, so that neither side pays for walking the set-up's heap.
        gc.collect()
        gc.freeze()
        cert_base = timed(args.runs, lambda: bare_certificates(certificates, fonts, layout, out / "bare.pdf"))
        cert_app = timed(args.runs, lambda: print_certificates(certificates, out / "app.pdf", fonts, layout))
        ranking, people = sheet_data(args.sheets)
        gc.collect()
        gc.freeze()
        sheet_base = timed(args.runs, lambda: bare_sheets(ranking, people, fonts, out / "bare_sheets.pdf"))
        sheet_app = timed(
            args.runs,
            lambda: print_sheets(ranking, people, out / "sheets.pdf", fonts, office="武侯区委组织部"),
        )
    cert_ratio, sheet_ratio = cert_app[1] / cert_base[1], sheet_app[1] / sheet_base[1]
    result = {
        "certificates": args.certificates, "cert_app_s": cert_app, "cert_base_s": cert_base,
        "cert_ratio": cert_ratio, "cert_ok": cert_ratio <= CERTIFICATE_LIMIT,
        "sheets": args.sheets, "sheet_app_s": sheet_app, "sheet_base_s": sheet_base,
        "sheet_ratio": sheet_ratio, "sheet_ok": sheet_app[0] < SHEETS_LIMIT_S, "runs": args.runs,
    }  # fmt: skip
    verdict = _common.verdict
    print(f"{args.certificates} certificates: {_both(cert_app)}; bare canvas, same strings and fonts:"
          f" {_both(cert_base)}; {cert_ratio:.2f}× in CPU time ({cert_app[0] / cert_base[0]:.2f}× wall)"
          f" (target ≤ {CERTIFICATE_LIMIT:.0f}×) {verdict(result['cert_ok'])}")  # fmt: skip
    print(f"{args.sheets} assessment sheets: {_both(sheet_app)} (target < {SHEETS_LIMIT_S:.0f} s wall)"
          f" {verdict(result['sheet_ok'])}; bare canvas, same strings: {_both(sheet_base)};"
          f" {sheet_ratio:.1f}× in CPU time")  # fmt: skip
    print(f"(medians of {args.runs} runs each; load average {os.getloadavg()[0]:.1f} at the end)")
    return result


def _both(seconds: tuple[float, float]) -> str:
    return f"{seconds[0]:.2f} s wall / {seconds[1]:.2f} s CPU"


if __name__ == "__main__":
    main()
