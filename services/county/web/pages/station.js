// 联络站督导: one station as township staff supervise it — its fixed activity days scheduled and held
// month by month, opinions referred to the township still unanswered past their due day, the 九有
// checklist at its last check, and the deputies attached to it.

import { api } from "../api.js";
import { card, day, errorBox, h, label, loading, percent, section, table, today } from "../ui.js";

const KINDS = {
  village: "村级站",
  township_seat: "乡镇驻地站",
  street: "街道站",
  community_room: "社区室",
  judicial_room: "司法室",
};
const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let shown = null;
let chart = null;
let drawn = 0;

function period(query) {
  const end = DATE.test(query.end || "") ? query.end : today();
  const start = DATE.test(query.start || "") ? query.start : `${end.slice(0, 4)}-01-01`;
  return { start, end };
}

function scheduleText(sheet) {
  if (sheet.schedule_kind === "monthly" && sheet.days_of_month.length) {
    return `每月${sheet.days_of_month.map((number) => `${number}日`).join("、")}（遇节假日顺延）`;
  }
  if (sheet.schedule_kind === "weekly" && sheet.weekday !== null) return `每周${WEEKDAYS[sheet.weekday]}`;
  return "未设定固定活动日";
}

// A scheduled day still ahead cannot have been held yet, so it is not counted as due.
function dueDays(month, until) {
  return month.scheduled_days.filter((scheduled) => scheduled <= until).length;
}

function totals(sheet, until) {
  const sum = (field) => sheet.months.reduce((total, month) => total + month[field], 0);
  const scheduled = sheet.months.reduce((total, month) => total + month.scheduled_days.length, 0);
  const due = sheet.months.reduce((total, month) => total + dueDays(month, until), 0);
  return {
    scheduled,
    due,
    held: sum("scheduled_days_held"),
    activities: sum("activities_held"),
    voters: sum("voters_received"),
    opinions: sum("opinions"),
    referred: sum("referred"),
    answeredInTime: sum("answered_in_time"),
  };
}

function periodForm({ stationId, start, end, go }) {
  const form = h(
    "form",
    { class: "filters", "data-testid": "station-period" },
    h("label", {}, "起", h("input", { type: "date", name: "start", value: start, required: true })),
    h("label", {}, "止", h("input", { type: "date", name: "end", value: end, required: true })),
    h("button", { type: "submit" }, "查询"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    go(`/stations/${stationId}`, values);
  });
  const year = Number(today().slice(0, 4));
  const preset = (text, from, to) =>
    h("button", { type: "button", class: "secondary", onclick: () => go(`/stations/${stationId}`, { start: from, end: to }) }, text);
  form.append(preset("本年", `${year}-01-01`, today()), preset("上一年", `${year - 1}-01-01`, `${year - 1}-12-31`));
  return form;
}

function head({ sheet, stationId, start, end, go }) {
  const tags = sheet
    ? [
        h("span", { class: "tag" }, KINDS[sheet.kind] || sheet.kind),
        h("span", { class: "tag" }, `固定活动日：${scheduleText(sheet)}`),
        sheet.closed ? h("span", { class: "badge colour-grey" }, "已撤销") : null,
      ]
    : [];
  return h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("div", { class: "crumbs" }, h("a", { href: "#/" }, "驾驶舱"), "›", h("span", {}, "联络站督导")),
      h("h1", {}, sheet ? sheet.name : "联络站"),
      h("div", { class: "station-tags" }, tags),
    ),
    periodForm({ stationId, start, end, go }),
  );
}

function cards(sheet, sum) {
  const checked = sheet.standard.checked_on;
  const met = sheet.standard.items.filter((item) => item.met).length;
  const upcoming = sum.scheduled - sum.due;
  const overdue = sheet.overdue.length;
  return h(
    "div",
    { class: "cards station-cards" },
    card("应开活动日", sum.due, { note: upcoming ? `另有 ${upcoming} 天尚未到` : "截至今日", testid: "station-card-scheduled" }),
    card("按时开展", sum.held, {
      note: `按时率 ${percent(sum.due ? sum.held / sum.due : null)}，活动共 ${sum.activities} 次`,
      tone: sum.due && sum.held >= sum.due ? "good" : null,
      testid: "station-card-held",
    }),
    card("接待选民", sum.voters, { note: "人次" }),
    card("收集意见", sum.opinions, { note: "群众意见（件）" }),
    card("转交乡镇", sum.referred, { note: "须一个月内答复" }),
    card("按期答复", sum.answeredInTime, {
      note: sum.referred ? `占转交 ${percent(sum.answeredInTime / sum.referred)}（含未到期）` : "无转交意见",
    }),
    card("超期未答复", overdue, { tone: overdue > 0 ? "alert" : "good", note: "截至今日", testid: "station-card-overdue" }),
    card("九有达标", `${met}/9`, {
      note: checked ? `最近检查 ${day(checked)}` : "尚未检查",
      tone: met === 9 ? "good" : checked ? "alert" : null,
      testid: "station-card-standard",
    }),
  );
}

function monthName(month, manyYears) {
  return manyYears ? month : `${Number(month.slice(5))}月`;
}

function chartOption(sheet, until) {
  const manyYears = new Set(sheet.months.map((month) => month.month.slice(0, 4))).size > 1;
  const months = sheet.months.map((month) => monthName(month.month, manyYears));
  const due = sheet.months.map((month) => dueDays(month, until));
  const ahead = sheet.months.map((month, index) => month.scheduled_days.length - due[index]);
  const held = sheet.months.map((month) => month.scheduled_days_held);
  return {
    textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
    color: ahead.some(Boolean) ? ["#1d4ed8", "#cbd5e1", "#15803d"] : ["#1d4ed8", "#15803d"],
    grid: { left: 36, right: 16, top: 36, bottom: 28 },
    legend: { top: 0 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter(points) {
        const month = sheet.months[points[0].dataIndex];
        const lines = [
          `<b>${month.month}</b>`,
          `固定活动日：${month.scheduled_days.map((scheduled) => scheduled.slice(5)).join("、") || "无"}${month.schedule_is_provisional ? "（暂定）" : ""}`,
          `应开 ${due[points[0].dataIndex]} 天，按时开展 ${month.scheduled_days_held} 天`,
          `开展活动 ${month.activities_held} 次，接待选民 ${month.voters_received} 人次`,
          `收集意见 ${month.opinions} 件，转交 ${month.referred} 件，超期 ${month.overdue} 件`,
        ];
        return lines.join("<br>");
      },
    },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "应开", type: "bar", stack: "scheduled", data: due, barMaxWidth: 22 },
      ahead.some(Boolean) ? { name: "尚未到", type: "bar", stack: "scheduled", data: ahead, barMaxWidth: 22 } : null,
      { name: "按时开展", type: "bar", data: held, barMaxWidth: 22 },
    ].filter(Boolean),
  };
}

function overdueTable(sheet) {
  return table(
    [
      { title: "收集日", value: (row) => day(row.recorded_on) },
      { title: "转交日", value: (row) => day(row.routed_on) },
      { title: "答复期限", value: (row) => day(row.answer_due) },
      { title: "超期天数", class: "num", value: (row) => h("span", { class: "overdue-days" }, `${row.days_overdue} 天`) },
      { title: "去向", value: (row) => (row.route ? label("route", row.route) : "未转办") },
    ],
    sheet.overdue,
    { empty: "没有超期未答复的意见", testid: "station-overdue" },
  );
}

function checklist(sheet) {
  const { checked_on: checked, checks, items } = sheet.standard;
  return h(
    "div",
    {},
    h("p", { class: "muted" }, checked ? `最近检查：${day(checked)}（共检查 ${checks} 次）` : "尚未检查"),
    h(
      "ul",
      { class: `checklist station-checklist${checked ? "" : " unchecked"}`, "data-testid": "station-standard" },
      items.map((item) =>
        h(
          "li",
          { class: item.met ? "met" : "missing", "data-item": item.item },
          item.met ? "✓ " : "✗ ",
          item.label,
          item.met ? null : h("span", { class: "checklist-state" }, checked ? "缺" : "未查"),
        ),
      ),
    ),
  );
}

function deputyTable(sheet, go) {
  return table(
    [
      { title: "姓名", value: (row) => row.name },
      { title: "代表层级", value: (row) => `${label("deputyLevel", row.level)}人大代表` },
      { title: "状态", value: (row) => (row.serving ? "在任" : h("span", { class: "muted" }, "已离任")) },
    ],
    sheet.deputies,
    { empty: "尚无进站代表", testid: "station-deputies", onRow: (row) => go(`/deputies/${row.deputy_id}`) },
  );
}

function monthTable(sheet, until) {
  const number = (title, value) => ({ title, class: "num", value });
  return h(
    "details",
    { class: "station-months" },
    h("summary", {}, "逐月明细"),
    table(
      [
        { title: "月份", value: (month) => month.month },
        {
          title: "固定活动日",
          value: (month) =>
            `${month.scheduled_days.map((scheduled) => scheduled.slice(5)).join("、") || "—"}${month.schedule_is_provisional ? "（暂定）" : ""}`,
        },
        number("应开", (month) => dueDays(month, until)),
        number("按时开展", (month) => month.scheduled_days_held),
        number("开展活动", (month) => month.activities_held),
        number("接待选民", (month) => month.voters_received),
        number("收集意见", (month) => month.opinions),
        number("转交", (month) => month.referred),
        number("按期答复", (month) => month.answered_in_time),
        number("超期", (month) => month.overdue),
      ],
      sheet.months,
    ),
  );
}

function isMonthEnd(value) {
  const next = new Date(`${value}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

function dropChart() {
  if (chart) chart.dispose();
  chart = null;
}

export async function render(main, { params, query, go }) {
  const [stationId] = params;
  const { start, end } = period(query);
  shown = { main, params, query, go };
  const turn = ++drawn;
  if (!main.querySelector('[data-testid="station-sheet"]')) loading(main);
  let sheet;
  try {
    sheet = await api.get(`/api/v1/stations/${stationId}/sheet`, { start, end });
  } catch (error) {
    if (turn !== drawn) return;
    dropChart();
    main.replaceChildren(h("div", { "data-testid": "station-sheet" }, head({ sheet: null, stationId, start, end, go }), errorBox(error)));
    return;
  }
  if (turn !== drawn) return;
  const now = today();
  const until = end < now ? end : now;
  const sum = totals(sheet, until);
  const provisional = sheet.months.some((month) => month.schedule_is_provisional);
  const wholeMonths = start.slice(8) !== "01" || (end < now && !isMonthEnd(end));
  const plot = h("div", { class: "chart", "data-testid": "station-chart" });
  const root = h(
    "div",
    { "data-testid": "station-sheet", "data-station": stationId },
    head({ sheet, stationId, start, end, go }),
    h(
      "p",
      { class: "muted station-period" },
      `统计期间 ${start} 至 ${end}；活动与意见按自然月统计，超期以今日（${now}）为准。`,
      wholeMonths ? " 起止日不在月初、月末的，该月按整月计。" : "",
      provisional ? " 部分活动日所在年份的节假日安排尚未公布，日期为暂定。" : "",
    ),
    cards(sheet, sum),
    h(
      "div",
      { class: "grid-2" },
      section("固定活动日：应开与实开", sheet.schedule_kind ? plot : h("p", { class: "muted" }, "该站尚未设定固定活动日。"), monthTable(sheet, until)),
      section(`超期未答复的意见（${sheet.overdue.length}）`, overdueTable(sheet)),
    ),
    h(
      "div",
      { class: "grid-2" },
      section("“九有”标准", checklist(sheet)),
      section(`进站代表（${sheet.deputies.length}）`, deputyTable(sheet, go)),
    ),
  );
  dropChart();
  main.replaceChildren(root);
  if (sheet.schedule_kind) {
    chart = echarts.init(plot);
    chart.setOption(chartOption(sheet, until));
  }
}

export function onLive() {
  if (!shown || !shown.main.querySelector('[data-testid="station-sheet"]')) return;
  render(shown.main, shown).catch((error) => shown.main.replaceChildren(errorBox(error)));
}

window.addEventListener("resize", () => chart && chart.resize());
