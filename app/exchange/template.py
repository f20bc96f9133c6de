"""下载导入模板: an empty roster a street can fill in and send back, which then imports without problems.

The template holds no example person on the sheet that gets imported: a fake row left in by mistake would be
stored as a person (and its 工作单位 created as a new unit), and recognising it by a marker would silently drop a
real person whose row was copied from it. The example is the 示例 column of the 填写说明 sheet instead, one value
per column, so no row there looks like a roster header either.

ID number, phone and the four date columns are text ('@'). For dates that is deliberate: in a cell formatted as a
date, Excel stores the habitual '2019.7' as the serial 2019.7, i.e. 1905-07-11 16:48, and the import cannot tell;
as text the import reads '2019.7', '2019.10', '2019年7月1日' exactly as typed.
"""

from __future__ import annotations

from pathlib import Path

from app.exchange import xlsx_out
from app.people.fields import CHOICES, DATE_FIELDS, EXPORT_FIELDS, ROLE_LABELS, Role
from app.people.idnumber import check_digit

TEMPLATE_SHEET = "花名册"
GUIDE_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
TEMPLATE_ROWS = 2000  # rows below the header that carry the text format and the drop-down lists
REQUIRED_FIELDS = ("name", "id_number", "unit", "role")
TEXT_FIELDS = ("id_number", "phone", *DATE_FIELDS)

# Every enumeration, in column order: field -> the values its drop-down offers.
ENUMERATIONS: dict[str, tuple[str, ...]] = {
    key: (tuple(ROLE_LABELS.values()) if key == "role" else CHOICES[key])
    for key in EXPORT_FIELDS
    if key in CHOICES or key == "role"
}

DATE_SPELLINGS = "2019-07-01、2019.7.1、2019/7/1、2019年7月1日 或 20190701"

_WIDTHS = {
    "name": 10, "gender": 7, "ethnicity": 11, "id_number": 22, "education": 12, "major": 16,
    "political_status": 14, "unit": 30, "position": 14, "role": 13, "phone": 15, "source": 18,
    "status": 9, "social_work_level": 20, "note": 24,
}  # fmt: skip


def _requirements(example_unit: str) -> dict[str, str]:
    """What each column wants, for the 填写说明 sheet and the cell prompts."""

    def pick(key: str) -> str:
        values = ENUMERATIONS[key]
        shown = (
            "、".join(values) if len(values) <= 8 else f"{values[0]}、{values[1]}等{len(values)}个民族之一"
        )
        return f"从下拉列表中选择：{shown}"

    date_rule = f"日期可写成 {DATE_SPELLINGS}；只知道年月时写 2019.7 或 2019年7月。"
    return {
        "name": "填写姓名本身，不要加职务、括号或备注；两字姓名中间不必加空格；少数民族姓名中的“·”照写。",
        "gender": pick("gender") + "。可不填，导入时由公民身份号码得出；填写时须与号码一致。",
        "ethnicity": pick("ethnicity") + "，要写全“族”字，如“汉族”。",
        "id_number": (
            "18位，最后一位可以是 X。本列已设为文本格式，直接输入即可；从别的表格粘贴时请用"
            "“选择性粘贴→数值”。显示成 1.10101E+17 的号码后几位已经丢失，必须重新录入。"
            "15位的一代号码导入时自动升为18位。"
        ),
        "birth_date": "可不填，导入时由公民身份号码得出；填写时须与号码中的出生日期一致。" + date_rule,
        "education": pick("education") + "。",
        "major": "所学专业，自由填写。",
        "political_status": pick("political_status") + "。",
        "party_join_date": "政治面貌为中共党员或中共预备党员时填写，入党时应年满18周岁。" + date_rule,
        "work_start_date": "参加工作时应年满16周岁。" + date_rule,
        "post_start_date": "到本岗位的时间，不早于参加工作时间。" + date_rule,
        "unit": (
            f"按组织部单位名单中的名称填写，可写成“街道 / 社区”的形式，如“{example_unit}”。"
            "名单中没有的名称导入时会列为新建单位，请先核对。"
        ),
        "position": "所任岗位，如“网格员”“党建指导员”，自由填写。",
        "role": pick("role") + "。",
        "phone": "手机号为11位数字；固定电话带区号，如 0571-88886666。本列已设为文本格式。",
        "source": pick("source") + "。",
        "status": pick("status") + "。不填视为“在岗”。",
        "social_work_level": pick("social_work_level") + "。",
        "note": "其他需要说明的情况，自由填写。",
    }


def example_person(example_unit: str = "某某街道 / 某某社区") -> dict[str, str]:
    """A fictitious but valid person, as a clerk would type it: the 示例 column of the 填写说明 sheet."""
    first17 = "110101" + "19900307" + "123"  # 17th digit odd: 男
    return {
        "name": "李明",
        "gender": "男",
        "ethnicity": "汉族",
        "id_number": first17 + check_digit(first17),
        "birth_date": "1990-03-07",
        "education": "大学本科",
        "major": "社会工作",
        "political_status": "中共党员",
        "party_join_date": "2012-06-01",
        "work_start_date": "2013-07-01",
        "post_start_date": "2019-07-01",
        "unit": example_unit,
        "position": "网格员",
        "role": Role.COMMUNITY_WORKER.label,
        "phone": "13800000000",
        "source": "公开招聘",
        "status": "在岗",
        "social_work_level": "助理社会工作师",
        "note": "",
    }


def write_template(out: Path, *, example_unit: str = "某某街道 / 某某社区") -> Path:
    """Write the import template to `out` (.xlsx); returns `out`. Raises ExportError with a Chinese message."""
    from openpyxl import Workbook

    out = xlsx_out.check_xlsx_target(out, "导入模板")
    requirements = _requirements(example_unit)
    book = Workbook()
    roster = book.active
    roster.title = TEMPLATE_SHEET
    guide = book.create_sheet(GUIDE_SHEET)
    options = book.create_sheet(OPTIONS_SHEET)
    ranges = _fill_options(options)
    _fill_roster(roster, ranges, requirements)
    _fill_guide(guide, requirements, example_person(example_unit))
    book.active = 0
    xlsx_out.save_xlsx(book, out)
    return out


def _fill_options(sheet) -> dict[str, str]:
    """One column per enumeration on the hidden sheet; returns field -> absolute range of its values."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ranges: dict[str, str] = {}
    for index, (key, values) in enumerate(ENUMERATIONS.items(), 1):
        letter = get_column_letter(index)
        # Not the bare label (nor the label with a bracketed hint, which the importer also reads as the label):
        # a row of roster labels here could pass for a header to a reader that looks at hidden sheets.
        sheet.cell(1, index, f"{EXPORT_FIELDS[key]}选项").font = Font(bold=True)
        for row, value in enumerate(values, 2):
            sheet.cell(row, index, value)
        sheet.column_dimensions[letter].width = 20
        ranges[key] = f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True  # unhidden by curiosity, it still cannot be edited by accident
    return ranges


def _fill_roster(sheet, ranges: dict[str, str], requirements: dict[str, str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    style = xlsx_out.header_style()
    last = TEMPLATE_ROWS + 1
    for index, (key, label) in enumerate(EXPORT_FIELDS.items(), 1):
        letter = get_column_letter(index)
        cell = xlsx_out.styled(sheet.cell(1, index, label), style)
        if key in REQUIRED_FIELDS:
            cell.font = Font(name="宋体", bold=True, size=11, color="C00000")
            cell.comment = Comment(f"必填。{requirements[key]}", "填写说明", height=140, width=260)
        options = ENUMERATIONS.get(key, ())
        widest = max([xlsx_out.text_width(label) + 3, *(xlsx_out.text_width(v) + 3 for v in options)])
        sheet.column_dimensions[letter].width = max(_WIDTHS.get(key, 13), widest)
        cells = f"{letter}2:{letter}{last}"
        if key in TEXT_FIELDS:
            # The column style is what Excel itself writes for "set the column to 文本" and covers every row;
            # the cells carry it as well for programs that look at cells only.
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, last + 1):
                sheet.cell(row, index).number_format = "@"
        validation = _validation(key, label, ranges.get(key), requirements[key])
        validation.add(cells)
        sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 22
    sheet.freeze_panes = "B2"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, landscape=True)


def _validation(key: str, label: str, source: str | None, requirement: str):
    """A drop-down list for an enumeration, otherwise only a prompt shown when a cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    required = key in REQUIRED_FIELDS
    # The cell prompt is a small box: the full list of date spellings stays on the 填写说明 sheet.
    requirement = requirement.split("日期可写成")[0] + (
        "日期如 2019-07-01 或 2019.7.1。" if key in DATE_FIELDS else ""
    )
    prompt = ("必填。" if required else "") + requirement
    if len(prompt) > 250:  # Excel refuses prompts over 255 characters
        prompt = prompt[:249] + "…见“填写说明”"
    common = {"showInputMessage": True, "promptTitle": label[:32], "prompt": prompt}
    if source is None:
        return DataValidation(allow_blank=True, **common)
    return DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="输入的值无效",
        error=f"“{label}”只能从下拉列表中选择，请点击单元格右侧的箭头选择。",
        **common,
    )


def _print_setup(sheet, *, landscape: bool) -> None:
    xlsx_out.fit_a4(sheet, landscape=landscape)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _fill_guide(sheet, requirements: dict[str, str], example: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(vertical="top", wrap_text=True)
    box = xlsx_out.thin_border()
    widths = {"A": 6, "B": 20, "C": 10, "D": 70, "E": 24}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width

    sheet["A1"] = "花名册导入模板填写说明"
    sheet["A1"].font = Font(name="黑体", bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells("A1:E1")
    sheet.row_dimensions[1].height = 30
    sheet["A2"] = (
        f"请在“{TEMPLATE_SHEET}”工作表中填写，一行一人；表头为红色的列必须填写，其余列可以不填。"
        "不要修改表头文字，不要合并单元格；不填的列留空即可。"
    )
    sheet["A2"].alignment = wrap
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 32

    heading = ["序号", "列名", "是否必填", "填写要求", "示例（一名虚构人员，请勿照抄）"]
    style = xlsx_out.header_style()
    for col, text in enumerate(heading, 1):
        xlsx_out.styled(sheet.cell(4, col, text), style)
    row = 5
    for number, (key, label) in enumerate(EXPORT_FIELDS.items(), 1):
        required = key in REQUIRED_FIELDS
        values = [
            number,
            label,
            "必填" if required else "选填",
            requirements[key],
            example[key] or "（可空）",
        ]
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row, col, value)
            cell.alignment = Alignment(
                vertical="top", wrap_text=True, horizontal="center" if col in (1, 3) else None
            )
            cell.border = box
            if isinstance(value, str):
                cell.data_type = "s"
                cell.number_format = "@"
        if required:
            sheet.cell(row, 2).font = Font(bold=True, color="C00000")
            sheet.cell(row, 3).font = Font(bold=True, color="C00000")
        sheet.row_dimensions[row].height = 15 * max(1, -(-xlsx_out.text_width(requirements[key]) // 68))
        row += 1

    notes = [
        "注意事项",
        "1. 公民身份号码、联系电话和各日期列已设为文本格式，输入什么就保存什么。"
        "号码若被 Excel 当成数字（显示为 1.10101E+17 或末尾变成 000），后几位已经丢失，"
        "导入时会被退回，请把该列设为“文本”格式后重新录入。",
        f"2. 日期可以写成 {DATE_SPELLINGS}；只知道年月时写 2019.7 或 2019年7月。",
        "3. 工作单位按组织部单位名单中的名称填写，“街道 / 社区”的写法也可以；"
        "名称中的空格和全角、半角括号不影响识别。",
        "4. 性别、民族、学历、政治面貌、人员类别、来源渠道、状态、社会工作者职业资格从下拉列表中选择。",
        f"5. 示例只在本页，“{TEMPLATE_SHEET}”工作表中只填写真实人员。表格末尾的合计行、注释行和空行导入时会自动跳过。",
        "6. 填好后保存为 .xlsx 文件发回。导入时逐行检查，有问题的行会连同“问题说明”退回，改正后可直接再次发回。",
    ]
    row += 1
    for index, text in enumerate(notes):
        cell = sheet.cell(row, 1, text)
        cell.alignment = wrap
        if index == 0:
            cell.font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.row_dimensions[row].height = 15 * max(1, -(-xlsx_out.text_width(text) // 125))
        row += 1
    sheet.freeze_panes = "A5"
    sheet.print_title_rows = "4:4"
    _print_setup(sheet, landscape=False)
