// 驾驶舱: the figures of a place for a period, its children to drill into (市 → 县 → 乡 → 村 → 站 → 代表),
// month-by-month trends, suggestions by category and by handling unit, and the rates. Every number is
// read from the roll-up, where a parent's figure is the sum of its children's.

import { api } from "../api.js";
import { LABELS, card, h, percent, section, table, today } from "../ui.js";

const SUGGESTION_READERS = ["county_staff", "city_viewer", "auditor"];

let shown = null;
const charts = [];

function period(query) {
  const end = query.end || today();
  return { start: query.start || `${end.slice(0, 4)}-01-01`, end, as_of: query.as_of || "" };
}

function pathTo(node, code, trail = []) {
  const here = [...trail, node];
  if (node.code === code) return here;
  for (const child of node.children) {
    const found = pathTo(child, code, here);
    if (found) return found;
  }
  return null;
}


function kpis(node, overdueHref) {
  const f = node.figures;
  const r = node.rates;
  return [
    card("联络站", f.stations, { note: `九有达标 ${f.standard_compliant} 个（${percent(r.standard_compliance_rate)}）`, testid: "kpi-stations" }),
    card("固定活动日开展率", percent(r.scheduled_days_held_rate), { note: `应开 ${f.scheduled_days} 天，按时开展 ${f.scheduled_days_held} 天` }),
    card("接待选民", f.voters_received, { note: `开展活动 ${f.activities_held} 次` }),
    card("收集意见", f.opinions, { note: `当场解决 ${f.opinions_solved_on_spot ?? 0}，转交乡镇 ${f.referred}`, testid: "kpi-opinions" }),
    card("意见按期答复率", percent(r.answered_in_time_rate), { note: `已答复 ${f.answered}，按期 ${f.answered_in_time}` }),
    card("意见超期未答复", f.overdue, { tone: f.overdue ? "alert" : "good", testid: "kpi-opinions-overdue" }),
    card("代表建议", f.suggestions_received, { note: `交办 ${f.suggestions_assigned}，重点 ${f.suggestions_key_suggestions}`, testid: "kpi-suggestions" }),
    card("建议超期", f.suggestions_overdue, { tone: f.suggestions_overdue ? "alert" : "good", note: overdueHref ? "点击查看超期建议及承办单位" : null, href: overdueHref, testid: "kpi-suggestions-overdue" }),
    card("建议答复率", percent(r.reply_rate), { note: `按期 ${percent(r.on_time_rate)}，见面 ${percent(r.meeting_rate)}` }),
    card("建议满意率", percent(r.satisfaction_rate), { note: `基本满意 ${percent(r.basic_satisfaction_rate)}，落实 ${percent(r.implementation_rate)}` }),
    card("人事任免", f.appointments_person_times, { note: `考试 ${f.appointments_exam_batches} 批，通过率 ${percent(r.exam_pass_rate)}；宣誓 ${f.appointments_oath_ceremonies} 次` }),
    card("在任代表", f.deputies_in_office, { note: `已向选民述职 ${f.deputies_reported_to_voters}（${percent(r.reported_to_voters_share)}）；进站 ${f.deputy_check_ins} 人次` }),
  ];
}

function childColumns(open) {
  const number = (title, value, extra = {}) => ({ title, class: "num", value, ...extra });
  return [
    { title: "区域 / 联络站", value: (child) => h("span", {}, child.name, " ", h("span", { class: "tag" }, LABELS.level[child.level] || child.level)) },
    number("联络站", (child) => child.figures.stations),
    number("活动开展率", (child) => percent(child.rates.scheduled_days_held_rate)),
    number("接待选民", (child) => child.figures.voters_received),
    number("收集意见", (child) => child.figures.opinions),
    number("意见超期", (child) => child.figures.overdue),
    number("代表建议", (child) => child.figures.suggestions_received),
    number("建议超期", (child) =>
      child.figures.suggestions_overdue && child.level !== "station"
        ? h("a", { href: open.overdue(child), onclick: (event) => event.stopPropagation(), "data-testid": `overdue-${child.code}` }, String(child.figures.suggestions_overdue))
        : child.figures.suggestions_overdue,
    ),
    number("建议满意率", (child) => percent(child.rates.satisfaction_rate)),
    number("在任代表", (child) => child.figures.deputies_in_office),
  ];
}

function chart(element, option, onClick) {
  const instance = echarts.init(element);
  instance.setOption({ textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" }, ...option });
  if (onClick) instance.on("click", onClick);
  charts.push(instance);
  return instance;
}

function trendOption(monthsRows) {
  const series = [
    ["收集意见", "opinions"],
    ["代表建议", "suggestions_received"],
    ["开展活动", "activities_held"],
  ].map(([name, key]) => ({ name, type: "bar", data: monthsRows.map((row) => row.figures[key]) }));
  series.push({ name: "接待选民", type: "line", yAxisIndex: 1, smooth: true, data: monthsRows.map((row) => row.figures.voters_received) });
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 24 },
    xAxis: { type: "category", data: monthsRows.map((row) => `${Number(row.month.slice(5))}月`) },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1, splitLine: { show: false } }],
    color: ["#b71c1c", "#1d4ed8", "#d97706", "#15803d"],
    series,
  };
}

function ratesOption(node) {
  const names = [
    ["活动开展率", "scheduled_days_held_rate"],
    ["九有达标率", "standard_compliance_rate"],
    ["意见按期答复率", "answered_in_time_rate"],
    ["建议答复率", "reply_rate"],
    ["按期答复率", "on_time_rate"],
    ["见面率", "meeting_rate"],
    ["满意率", "satisfaction_rate"],
    ["落实率", "implementation_rate"],
    ["述职率", "reported_to_voters_share"],
  ];
  return {
    tooltip: { valueFormatter: (value) => (value === null ? "无数据" : `${value}%`) },
    grid: { left: 100, right: 40, top: 10, bottom: 20 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: names.map(([text]) => text), inverse: true },
    series: [
      {
        type: "bar",
        data: names.map(([, key]) => (node.rates[key] === null ? null : Math.round(node.rates[key] * 1000) / 10)),
        itemStyle: { color: "#b71c1c" },
        label: { show: true, position: "right", formatter: (item) => (item.value === null ? "—" : `${item.value}%`) },
      },
    ],
  };
}

function childrenOption(children) {
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 36, bottom: 40 },
    xAxis: { type: "category", data: children.map((child) => child.name), axisLabel: { interval: 0, rotate: children.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    color: ["#1d4ed8", "#d97706", "#b71c1c"],
    series: [
      { name: "收集意见", type: "bar", data: children.map((child) => child.figures.opinions) },
      { name: "代表建议", type: "bar", data: children.map((child) => child.figures.suggestions_received) },
      { name: "建议超期", type: "bar", data: children.map((child) => child.figures.suggestions_overdue) },
    ],
  };
}

function categoryOption(rows) {
  return {
    tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
    legend: { orient: "vertical", left: 0, top: "middle" },
    series: [
      {
        type: "pie",
        radius: ["40%", "70%"],
        center: ["62%", "50%"],
        data: rows.filter((row) => row.assigned && row.key !== "total").map((row) => ({ name: row.label, value: row.assigned })),
        label: { formatter: "{b}\n{c}件" },
      },
    ],
  };
}

function unitOption(rows) {
  const ranked = rows.filter((row) => row.assigned && row.key && row.key !== "total").sort((a, b) => (b.on_time_rate ?? -1) - (a.on_time_rate ?? -1));
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 130, right: 40, top: 30, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: ranked.map((row) => row.label) },
    color: ["#1d4ed8", "#15803d", "#b71c1c"],
    series: [
      { name: "交办", type: "bar", data: ranked.map((row) => row.assigned) },
      { name: "按期答复", type: "bar", data: ranked.map((row) => row.replied_on_time) },
      { name: "超期", type: "bar", data: ranked.map((row) => row.overdue) },
    ],
  };
}

function periodForm(values, go, code) {
  const form = h(
    "form",
    { class: "filters", "data-testid": "period" },
    h("label", {}, "开始", h("input", { type: "date", name: "start", value: values.start, required: true })),
    h("label", {}, "结束", h("input", { type: "date", name: "end", value: values.end, required: true })),
    h("label", { title: "按此日判断是否超期，只计入此日及以前发生的事项" }, "截至", h("input", { type: "date", name: "as_of", value: values.as_of })),
    h("button", { type: "submit" }, "查询"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go("/", { code, ...Object.fromEntries(new FormData(form).entries()) });
  });
  return form;
}

export async function render(main, { query, who, go }) {
  const values = period(query);
  const params = { start: values.start, end: values.end, as_of: values.as_of };
  const home = who.region_code;
  const code = query.code || home;
  const staff = SUGGESTION_READERS.includes(who.role);
  const year = Number(values.start.slice(0, 4));
  const [tree, monthsRows, byCategory, byUnit] = await Promise.all([
    // The viewer's region, opened down to the place shown: the trail and the place's own children only.
    api.get("/api/v1/rollup", { ...params, code: home, depth: 1, toward: code }),
    api.get("/api/v1/rollup/months", { ...params, code }),
    staff ? api.get("/api/v1/suggestions/figures", { by: "category", year, region: code }) : null,
    staff ? api.get("/api/v1/suggestions/figures", { by: "unit", year, region: code }) : null,
  ]);
  if (!main.isConnected) return; // the user has moved on while the figures were read
  const trail = pathTo(tree, code) || [tree];
  const node = trail[trail.length - 1];
  const keep = { start: query.start, end: query.end, as_of: query.as_of };
  const drill = (child) => {
    if (child.level === "station") go(`/stations/${child.code}`, { start: values.start, end: values.end });
    else if (child.level !== "own") go("/", { ...keep, code: child.code });
  };
  const open = { overdue: (child) => `#/suggestions?region=${child.code.split(":")[0]}&colour=red` };
  const places = node.children.filter((child) => child.level !== "own" || Object.values(child.figures).some(Boolean));

  charts.splice(0).forEach((instance) => instance.dispose());
  const crumbs = h(
    "div",
    { class: "crumbs", "data-testid": "crumbs" },
    trail.map((step, index) =>
      index < trail.length - 1
        ? [h("a", { onclick: () => go("/", { ...keep, code: step.code }) }, step.name), h("span", {}, "›")]
        : h("strong", {}, step.name),
    ),
  );
  const trendBox = h("div", { class: "chart" });
  const ratesBox = h("div", { class: "chart" });
  const childrenBox = h("div", { class: "chart" });
  const categoryBox = h("div", { class: "chart" });
  const unitBox = h("div", { class: "chart" });
  const overdue = node.figures.suggestions_overdue;
  main.replaceChildren(
    h(
      "div",
      { "data-testid": "dashboard", "data-code": node.code },
      h(
        "div",
        { class: "page-head" },
        h("div", {}, crumbs, h("h1", {}, `${node.name} · 驾驶舱`), h("div", { class: "muted" }, `${values.start} 至 ${values.end}${values.as_of ? `，截至 ${values.as_of}` : ""}`)),
        periodForm(values, go, code),
      ),
      h("div", { class: "cards" }, kpis(node, overdue && staff ? open.overdue(node) : null)),
      overdue && staff
        ? h("p", {}, h("a", { href: open.overdue(node), "data-testid": "overdue-link" }, `查看 ${node.name} 的 ${overdue} 件超期建议及其承办单位 ›`))
        : null,
      section(
        `下级区域（${places.length}）——点击行或柱形逐级查看`,
        table(childColumns(open), places, { onRow: drill, testid: "children", empty: "没有下级区域" }),
      ),
      h("div", { class: "grid-2" }, section("月度趋势", trendBox), section("各项比率", ratesBox)),
      places.length ? section("下级对比", childrenBox) : null,
      staff ? h("div", { class: "grid-2" }, section(`${year}年建议类别`, categoryBox), section(`${year}年承办单位办理排名（按期答复率）`, unitBox)) : null,
    ),
  );
  chart(trendBox, trendOption(monthsRows));
  chart(ratesBox, ratesOption(node));
  if (places.length) chart(childrenBox, childrenOption(places), (item) => drill(places[item.dataIndex]));
  if (staff) {
    chart(categoryBox, categoryOption(byCategory));
    chart(unitBox, unitOption(byUnit));
  }
  shown = { main, context: { query, who, go } };
}

export function onLive() {
  if (shown && document.body.contains(shown.main.firstChild)) render(shown.main, shown.context);
}

window.addEventListener("resize", () => charts.forEach((instance) => instance.resize()));
