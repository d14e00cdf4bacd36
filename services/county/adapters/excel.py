"""Excel exports (openpyxl): the suggestion tracking list and the standard statistics table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from services.county.adapters.sheet_rows import append_row
from services.county.domain.suggestion_rules import CATEGORY_LABELS, STATUS_LABELS, SuggestionStatus

RATING_LABELS = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}
RESULT_LABELS = {
    "solved": "A 已解决",
    "in_progress": "B 正在解决",
    "planned": "B 列入计划",
    "for_reference": "C 留作参考",
}
COLOUR_LABELS = {"red": "红（超期）", "yellow": "黄（临期）", "green": "绿", "grey": "—"}

TRACKING_COLUMNS: Sequence[tuple[str, str]] = (
    ("number", "编号"),
    ("title", "标题"),
    ("lead_deputy_name", "领衔代表"),
    ("category", "类别"),
    ("is_key", "重点"),
    ("status", "状态"),
    ("lead_unit_name", "主办单位"),
    ("supervising_body", "督办工作机构"),
    ("assigned_on", "交办日期"),
    ("current_due", "办理期限"),
    ("colour", "督办等级"),
    ("replied_on", "答复日期"),
    ("reply_result", "答复类别"),
    ("final_rating", "测评结果"),
    ("rehandled", "重新办理"),
    ("closed_on", "办结日期"),
)

STATISTICS_COLUMNS: Sequence[tuple[str, str]] = (
    ("label", "承办单位"),
    ("assigned", "交办件数"),
    ("key_suggestions", "重点建议"),
    ("replied", "已答复"),
    ("replied_on_time", "按期答复"),
    ("reply_rate", "答复率"),
    ("on_time_rate", "按期答复率"),
    ("met", "见面沟通"),
    ("meeting_rate", "见面率"),
    ("satisfied", "满意"),
    ("basically_satisfied", "基本满意"),
    ("unsatisfied", "不满意"),
    ("satisfaction_rate", "满意率"),
    ("basic_satisfaction_rate", "基本满意率"),
    ("implemented", "实际落实"),
    ("implementation_rate", "实际办理落实率"),
    ("rehandled", "重新办理"),
    ("returned", "退回次数"),
    ("overdue", "超期未答复"),
    ("closed", "已办结"),
)


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "status":
        return STATUS_LABELS[SuggestionStatus(value)]
    if key == "category":
        return CATEGORY_LABELS.get(value, value)
    if key == "final_rating":
        return RATING_LABELS.get(value, value)
    if key == "reply_result":
        return RESULT_LABELS.get(value, value)
    if key == "colour":
        return COLOUR_LABELS.get(value, value)
    if key.endswith("_rate"):
        return f"{value:.1%}"
    return value


def _sheet(title: str, heading: str, columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    append_row(sheet, [heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_row(sheet, [label for _, label in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [_cell(key, row.get(key)) for key, _ in columns])
    for index, (_, label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(label) * 2 + 2)
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tracking_workbook(rows: Iterable[dict[str, Any]], *, heading: str) -> bytes:
    """The tracking list (建议办理跟踪表), one suggestion per row."""
    return _sheet("跟踪表", heading, TRACKING_COLUMNS, rows)


def statistics_workbook(rows: Iterable[dict[str, Any]], *, heading: str) -> bytes:
    """The standard statistics table (代表建议办理情况统计表), one unit per row and the total last."""
    return _sheet("统计表", heading, STATISTICS_COLUMNS, rows)
