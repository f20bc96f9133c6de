"""Printing from the window: a document is built in a background job (progress after half a second, 取消), then
opened in the system's PDF viewer, where the clerk looks and prints; 另存为 keeps a copy where they choose.

Every print button of the app calls one of the functions here with plain data (ids), never widgets: the honors
list calls `print_certificates(parent, ctx, honor_ids)`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app import clock
from app.changes import Progress
from app.printing import service
from app.printing.doc_certificates import register_path
from app.printing.printed import Printed
from ui import dialogs
from ui.context import AppContext
from ui.worker import Job, JobHandle, start_job

Build = Callable[..., Printed]  # (db, out, progress) -> Printed


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


KEEP_PREVIEWS = dt.timedelta(days=7)


def preview_path(name: str) -> Path:
    """A fresh file in the temporary folder (the viewer may still hold the last one open); previews older than
    a week are removed on the way, so the folder does not grow for ever."""
    folder = Path(tempfile.gettempdir()) / "grassroots-print"
    folder.mkdir(exist_ok=True)
    _remove_old(folder)
    safe = re.sub(r'[\\/:*?"<>|\s]+', "-", name).strip("-") or "打印"
    return folder / f"{safe}-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.pdf"


def _remove_old(folder: Path) -> None:
    limit = (dt.datetime.now() - KEEP_PREVIEWS).timestamp()
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:  # still open in a viewer (Windows), or already gone: try again next time
            continue


def open_in_viewer(path: Path) -> bool:
    """The system's PDF viewer (Windows: whatever opens .pdf)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def run_print(parent: QWidget | None, ctx: AppContext, what: str, build: Build) -> JobHandle:
    """Build `what` (排名表 …) in the background into a preview file, then show it."""
    out = preview_path(what)

    def work(db, progress: Progress) -> Printed:
        return build(db, out, progress)

    return start_job(
        parent,
        Job(
            title=_tr("正在生成{0}").format(what),
            work=work,
            database=ctx.office.path,
            on_done=lambda printed: shown(parent, ctx, printed),
            on_failed=lambda message: dialogs.warn(parent, _tr("无法生成{0}").format(what), message),
        ),
    )


def shown(parent: QWidget | None, ctx: AppContext, printed: Printed) -> None:
    """Open the PDF, say what it holds (and who was left out, and any font note), offer 另存为."""
    ctx.status_message.emit(printed.summary())
    opened = open_in_viewer(printed.out)
    lines = [printed.summary() + "。", *(f"注意：{note}" for note in printed.notes)]
    if opened:
        lines.append(_tr("已在 PDF 阅读器中打开，请在那里预览和打印。"))
    else:
        lines.append(_tr("本机没有可以打开 PDF 的程序：文件在“{0}”。").format(printed.out))
    lines.append(_tr("要另存一份吗？"))
    if dialogs.ask(parent, printed.what, "\n".join(lines)):
        save_copy(parent, printed)


def save_copy(parent: QWidget | None, printed: Printed) -> Path | None:
    """另存为: the PDF, and the certificate register beside it under the new name."""
    suggested = f"{printed.what}-{clock.today():%Y%m%d}.pdf"
    target = dialogs.save_file(parent, _tr("另存为"), _tr("PDF 文件 (*.pdf)"), suggested)
    if target is None:
        return None
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        shutil.copyfile(printed.out, target)
        for extra in printed.extra:
            shutil.copyfile(extra, register_path(target) if extra.name.endswith("证书登记簿.xlsx") else
                            target.with_name(extra.name))  # fmt: skip
    except OSError as exc:
        dialogs.warn(parent, _tr("另存失败"), _tr("无法保存到“{0}”：{1}").format(target, exc.strerror or exc))
        return None
    return target


def print_roster(
    parent: QWidget | None, ctx: AppContext, person_ids: Sequence[int], columns: Sequence[str], order: str
) -> JobHandle:
    """The people given (in that order when `order` is 'shown') with the columns shown."""
    ids, shown_columns = list(person_ids), list(columns)
    return run_print(parent, ctx, _tr("花名册"), lambda db, out, progress: service.roster(
        db, out, person_ids=ids, columns=shown_columns, order=order, progress=progress))  # fmt: skip


def print_ranking(
    parent: QWidget | None, ctx: AppContext, period_id: int, person_ids: Sequence[int] | None = None
) -> JobHandle:
    ids = None if person_ids is None else list(person_ids)
    return run_print(parent, ctx, _tr("排名表"),
                     lambda db, out, progress: service.ranking(db, period_id, out, person_ids=ids,
                                                                      progress=progress))  # fmt: skip


def print_sheets(
    parent: QWidget | None, ctx: AppContext, period_id: int, *, blank: bool = False,
    person_ids: Sequence[int] | None = None, order: str = "rank",
) -> JobHandle:  # fmt: skip
    ids = None if person_ids is None else list(person_ids)
    what = _tr("空白考核登记表") if blank else _tr("考核登记表")
    return run_print(parent, ctx, what, lambda db, out, progress: service.sheets(
        db, period_id, out, order=order, blank=blank, person_ids=ids, progress=progress))  # fmt: skip


def print_score_sheet(parent: QWidget | None, ctx: AppContext, period_id: int) -> JobHandle:
    return run_print(parent, ctx, _tr("评分表"), lambda db, out, progress: service.score_sheet(
        db, period_id, out, progress=progress))  # fmt: skip


def print_certificates(parent: QWidget | None, ctx: AppContext, honor_ids: Sequence[int]) -> JobHandle:
    """Certificates of the honors chosen (the honors list's selection), in serial order."""
    ids = list(honor_ids)
    return run_print(parent, ctx, _tr("荣誉证书"), lambda db, out, progress: service.certificates(
        db, out, honor_ids=ids, progress=progress))  # fmt: skip


def print_period_certificates(parent: QWidget | None, ctx: AppContext, period_id: int) -> JobHandle:
    """Every honor of a finalized period (refused, with the reason, before it is finalized)."""
    return run_print(parent, ctx, _tr("荣誉证书"), lambda db, out, progress: service.certificates(
        db, out, period_id=period_id, progress=progress))  # fmt: skip


def print_certificate_sample(parent: QWidget | None, ctx: AppContext) -> JobHandle:
    """A sample certificate in the saved layout, to line up pre-printed paper."""
    return run_print(parent, ctx, _tr("证书样张"), lambda db, out, progress: service.certificate_sample(
        db, out, progress))  # fmt: skip
