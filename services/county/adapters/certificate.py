"""The certificate of appointment (任命书) as a printable HTML page, from the case's read-model row."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

_STYLE = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; background: #f3efe6; margin: 0; }
.sheet { width: 180mm; min-height: 250mm; margin: 10mm auto; padding: 20mm; background: #fff;
         border: 3px double #b22222; box-sizing: border-box; }
h1 { text-align: center; color: #b22222; font-size: 32pt; letter-spacing: 1em; margin: 10mm 0; }
.number { text-align: right; font-size: 12pt; }
.body { font-size: 16pt; line-height: 2.2; margin-top: 15mm; }
.body p.text { text-indent: 2em; }
.seal { text-align: right; font-size: 16pt; margin-top: 30mm; line-height: 2; }
@media print {
  body { background: none; }
  .sheet { margin: 0; border: none; width: auto; min-height: auto; }
  @page { size: A4; margin: 20mm; }
}
"""


def chinese_date(day: date) -> str:
    """2026-03-28 → 2026年3月28日."""
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_html(case: dict[str, Any]) -> str:
    """The certificate of a case whose certificate was issued; every value from the case is escaped."""
    name = escape(case["appointee_name"])
    decided = f"{escape(case['meeting'] or '')}于{chinese_date(case['ballot_held_on'])}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>任命书 — {name}</title>
<style>{_STYLE}</style>
</head>
<body>
<div class="sheet">
<h1>任命书</h1>
<p class="number">{escape(case["decision_number"])}</p>
<div class="body">
<p>{name}：</p>
<p class="text">经{decided}决定，任命你为{escape(case["post"])}。</p>
</div>
<div class="seal">
<p>{escape(case["issuing_body"])}</p>
<p>{chinese_date(case["certificate_issued_on"])}</p>
</div>
</div>
</body>
</html>
"""
