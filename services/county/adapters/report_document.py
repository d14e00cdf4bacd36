"""The county's period report as a document (Word) and as tables (Excel), filled from the roll-up.

The document follows the standard skeleton of a report to the city: 一、基本情况 二、主要工作
三、存在问题 四、下步打算. Every number in it is a roll-up figure; the problems are the figures that
say something is behind (overdue answers, late replies, stations short of the 九有 standard, deputies
not yet reported to voters), and the next steps answer them one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from services.county.adapters.sheet_rows import append_row
from services.county.application.county_reports import CountyReportDraft
from services.county.projections.rollup import FIGURE_NAMES, Node, rates
from shared.figures.station_work_queries import STATION_FIGURE_NAMES

PERIOD_LABELS = {"month": "月度", "quarter": "季度", "half_year": "半年", "year": "年度"}

FIGURE_LABELS: dict[str, str] = {
    "stations": "代表联络站（个）",
    "standard_compliant": "达到“九有”标准的站（个）",
    "deputies_attached": "进站代表（人次）",
    "scheduled_days": "固定接待日（天）",
    "scheduled_days_held": "按期开展的接待日（天）",
    "activities_held": "开展活动（次）",
    "voters_received": "接待群众（人次）",
    "opinions": "收集意见建议（条）",
    "opinions_solved_on_spot": "当场解决（条）",
    "referred": "转交办理（条）",
    "answered": "已答复（条）",
    "answered_in_time": "一个月内答复（条）",
    "overdue": "逾期未答复（条）",
    "deputy_check_ins": "代表进站（人次）",
    "suggestions_received": "收到代表建议（件）",
    "suggestions_assigned": "交办建议（件）",
    "suggestions_key_suggestions": "重点督办建议（件）",
    "suggestions_replied": "已答复建议（件）",
    "suggestions_replied_on_time": "按期答复（件）",
    "suggestions_overdue": "超期未答复建议（件）",
    "suggestions_met": "见面沟通（件）",
    "suggestions_rated": "代表测评（件）",
    "suggestions_satisfied": "满意（件）",
    "suggestions_basically_satisfied": "基本满意（件）",
    "suggestions_unsatisfied": "不满意（件）",
    "suggestions_implemented": "实际办理落实（件）",
    "suggestions_rehandled": "重新办理（件）",
    "suggestions_closed": "办结（件）",
    "appointments_person_times": "任免国家机关工作人员（人次）",
    "appointments_exam_batches": "任前法律知识考试（批次）",
    "appointments_exam_takers": "参考（人次）",
    "appointments_exam_passed": "考试合格（人次）",
    "appointments_oath_ceremonies": "宪法宣誓（场）",
    "appointments_sworn_in": "宣誓（人）",
    "appointments_inquiries": "质询案（件）",
    "deputies_in_office": "在任代表（人）",
    "deputies_reported_to_voters": "向选民述职（人）",
    "deputies_excellent": "履职评定优秀（人）",
    "deputies_competent": "履职评定称职（人）",
    "deputies_incompetent": "履职评定不称职（人）",
}
RATE_LABELS = {
    "answered_in_time_rate": "意见一个月内答复率",
    "reply_rate": "建议答复率",
    "on_time_rate": "按期答复率",
    "meeting_rate": "见面率",
    "satisfaction_rate": "满意率",
    "basic_satisfaction_rate": "基本满意率",
    "implementation_rate": "实际办理落实率",
    "exam_pass_rate": "考试合格率",
    "reported_to_voters_share": "述职代表占比",
}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def problems(figures: Mapping[str, int]) -> list[tuple[str, str]]:
    """存在问题 and the matching 下步打算, from the figures that say something is behind."""
    found: list[tuple[str, str]] = []
    if figures["overdue"]:
        found.append(
            (
                f"群众意见逾期未答复 {figures['overdue']} 条。",
                "对逾期意见逐条督办，落实“一月一答复”，答复情况纳入联络站考核。",
            )
        )
    if figures["suggestions_overdue"]:
        found.append(
            (
                f"代表建议超期未答复 {figures['suggestions_overdue']} 件。",
                "对超期建议实行红色督办，约谈承办单位负责人，限期答复。",
            )
        )
    if figures["suggestions_rated"] and figures["suggestions_unsatisfied"]:
        found.append(
            (
                f"代表测评不满意 {figures['suggestions_unsatisfied']} 件，重新办理 {figures['suggestions_rehandled']} 件。",
                "对不满意建议开展“回头看”，由分管领导牵头重新办理并当面答复代表。",
            )
        )
    short = figures["stations"] - figures["standard_compliant"]
    if short:
        found.append((f"{short} 个联络站尚未达到“九有”标准。", "对标“九有”标准逐站补短板，年内全部达标。"))
    not_reported = figures["deputies_in_office"] - figures["deputies_reported_to_voters"]
    if not_reported > 0:
        found.append(
            (
                f"{not_reported} 名代表本年度尚未向选民述职。",
                "按每年四分之一的比例安排代表述职，届内全覆盖。",
            )
        )
    return found


def report_docx(draft: CountyReportDraft, *, county_name: str) -> bytes:
    """The report as a Word document (.docx) in the standard skeleton."""
    figures = draft.county.figures
    period = draft.period
    document = Document()
    document.add_heading(
        f"{county_name}人大常委会{period.start.year}年{PERIOD_LABELS[period.kind.value]}工作情况报告", level=0
    )
    document.add_paragraph(
        f"报告期：{period.start.isoformat()} 至 {period.end.isoformat()}。"
        f"数字均由平台事件汇总得出，报告摘要 {draft.digest[:16]}。"
    )
    document.add_heading("一、基本情况", level=1)
    document.add_paragraph(
        f"全县（区）共有代表联络站 {figures['stations']} 个，其中达到“九有”标准 {figures['standard_compliant']} 个；"
        f"在任代表 {figures['deputies_in_office']} 人，进站代表 {figures['deputies_attached']} 人次。"
    )
    _table(document, draft.county, ("stations", "deputies_in_office", "activities_held", "voters_received"))
    document.add_heading("二、主要工作", level=1)
    computed = rates(figures)
    document.add_paragraph(
        f"（一）联络站工作。开展活动 {figures['activities_held']} 次，接待群众 {figures['voters_received']} 人次，"
        f"收集意见建议 {figures['opinions']} 条，当场解决 {figures['opinions_solved_on_spot']} 条，"
        f"转交办理 {figures['referred']} 条，一个月内答复 {figures['answered_in_time']} 条"
        f"（{_percent(computed['answered_in_time_rate'])}）。"
    )
    document.add_paragraph(
        f"（二）代表建议办理。收到代表建议 {figures['suggestions_received']} 件，交办 {figures['suggestions_assigned']} 件，"
        f"已答复 {figures['suggestions_replied']} 件，答复率 {_percent(computed['reply_rate'])}，"
        f"按期答复率 {_percent(computed['on_time_rate'])}，见面率 {_percent(computed['meeting_rate'])}；"
        f"代表测评满意率 {_percent(computed['satisfaction_rate'])}、基本满意率 "
        f"{_percent(computed['basic_satisfaction_rate'])}，实际办理落实率 {_percent(computed['implementation_rate'])}。"
    )
    document.add_paragraph(
        f"（三）人事任免。任免国家机关工作人员 {figures['appointments_person_times']} 人次，"
        f"组织任前法律知识考试 {figures['appointments_exam_batches']} 批次、参考 {figures['appointments_exam_takers']} 人次，"
        f"合格率 {_percent(computed['exam_pass_rate'])}；举行宪法宣誓 {figures['appointments_oath_ceremonies']} 场、"
        f"{figures['appointments_sworn_in']} 人。"
    )
    document.add_paragraph(
        f"（四）代表履职。{figures['deputies_reported_to_voters']} 名代表向选民述职"
        f"（{_percent(computed['reported_to_voters_share'])}），代表进站 {figures['deputy_check_ins']} 人次。"
    )
    found = problems(figures)
    document.add_heading("三、存在问题", level=1)
    for number, (problem, _) in enumerate(found, start=1):
        document.add_paragraph(f"{number}. {problem}")
    if not found:
        document.add_paragraph("报告期内各项统计未见逾期或短板。")
    document.add_heading("四、下步打算", level=1)
    for number, (_, plan) in enumerate(found, start=1):
        document.add_paragraph(f"{number}. {plan}")
    if not found:
        document.add_paragraph("巩固联络站常态化运行，持续提高建议办理质量。")
    document.add_heading("附表：各乡镇（街道）主要数字", level=1)
    _table(document, draft.county, ("stations", "voters_received", "opinions", "overdue", "suggestions_received"))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: object, county: Node, names: tuple[str, ...]) -> None:
    table = document.add_table(rows=1, cols=len(names) + 1)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "单位"
    for index, name in enumerate(names, start=1):
        header[index].text = FIGURE_LABELS[name]
    for node in [*county.children, county]:
        cells = table.add_row().cells
        cells[0].text = "合计" if node is county else node.name
        for index, name in enumerate(names, start=1):
            cells[index].text = str(node.figures[name])


def _stations_under(node: Node, place: Node) -> list[tuple[Node, Node]]:
    """Every station below the node, with the place it sits in."""
    found: list[tuple[Node, Node]] = []
    for child in node.children:
        if child.level == "station":
            found.append((place, child))
        else:
            found.extend(_stations_under(child, child))
    return found


def report_xlsx(draft: CountyReportDraft) -> bytes:
    """The report's tables (.xlsx): the county and each township, every figure, and the rates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "汇总"
    rows = [*draft.county.children, draft.county]
    append_row(sheet, ["指标", *("合计" if node is draft.county else node.name for node in rows)])
    for name in FIGURE_NAMES:
        append_row(sheet, [FIGURE_LABELS.get(name, name), *(node.figures[name] for node in rows)])
    for name, label in RATE_LABELS.items():
        append_row(sheet, [label, *(_percent(rates(node.figures)[name]) for node in rows)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32
    stations = workbook.create_sheet("联络站")
    append_row(stations, ["乡镇", "村（社区）", "联络站", *(FIGURE_LABELS.get(n, n) for n in STATION_FIGURE_NAMES)])
    for township in draft.county.children:
        for place, station in _stations_under(township, township):
            append_row(
                stations, [township.name, place.name, station.name, *(station.figures[n] for n in STATION_FIGURE_NAMES)]
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
