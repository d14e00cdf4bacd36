// 代表履职档案: who the deputy is, the year's points by category and grade, every ledger entry with its
// review, the receptions attended at stations, the suggestions led or co-signed and the reports to voters.
// Every line comes from the duty ledger, which is projected from events: nothing here is typed twice.

import { api } from "../api.js";
import { projections } from "../live.js";
import { card, day, errorBox, h, label, loading, section, table, today } from "../ui.js";
import { gradeBadge } from "./deputies.js";
import { placeBook, placeName, stationName } from "./places.js";

// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("roster", "duty_ledger", "suggestions", "regions");
const ROSTER_READERS = ["county_staff", "city_viewer", "auditor"];
const STATION_READERS = ["county_staff", "township_staff", "city_viewer", "auditor"];
const SOURCE_LABELS = { Suggestion: "代表建议", Reception: "联络站活动", DutyActivity: "履职活动", Opinion: "群众意见" };

let shown = null;
let generation = 0;
let chart = null;

window.addEventListener("resize", () => chart && !chart.isDisposed() && chart.resize());

/** The roster record (stations, groups) when the reader may read the roster; the profile lacks them. */
async function rosterRecord(who, person) {
  if (!ROSTER_READERS.includes(who.role)) return null;
  try {
    const rows = await api.get("/api/v1/deputies", { level: person.level, limit: 500 });
    return rows.find((row) => row.deputy_id === person.deputy_id) || null;
  } catch {
    return null;
  }
}

function yearsOf(profile) {
  const years = new Set(profile.entries.map((entry) => String(entry.year)));
  for (const scored of profile.points_history) years.add(String(scored.year));
  years.add(today().slice(0, 4));
  return [...years].sort().reverse();
}

function facts(person, record, places, who) {
  const yes = (value) => (value ? "是" : "否");
  const stations = record
    ? record.station_ids.length
      ? record.station_ids.flatMap((id, index) => [
          index ? "、" : "",
          STATION_READERS.includes(who.role) ? h("a", { href: `#/stations/${id}` }, stationName(places, id)) : stationName(places, id),
        ])
      : h("span", { class: "tag caution" }, "未进站")
    : h("span", { class: "muted" }, "—");
  const groups = record && record.groups.length
    ? record.groups.map((group) => `${group.name}（${label("groupKind", group.kind)}）`).join("、")
    : "—";
  const place = (code) => (places ? placeName(places, code) : h("span", { title: "区划代码" }, code));
  const rows = [
    ["姓名", person.name],
    ["层级", `${label("deputyLevel", person.level)}人大代表（第${person.term}届）`],
    ["当选", `${day(person.elected_on)} ${label("election", person.election)}`],
    ["选举单位", place(person.congress_region_code)],
    ["选区", person.constituency || "—"],
    ["住址区域", place(person.resident_region_code)],
    record ? ["所在联络站", stations] : null,
    record ? ["代表小组", groups] : null,
    ["职业", person.occupation || "—"],
    ["专业特长", person.specialty || "—"],
    ["职务代表", yes(person.holds_leading_office)],
    ["公职人员", yes(person.is_public_servant)],
    [
      "任职状态",
      person.status === "left"
        ? h(
            "span",
            { class: "tag left" },
            `${day(person.left_on)} 离任（${label("leavingReason", person.left_reason)}）${person.left_note ? `：${person.left_note}` : ""}`,
          )
        : label("deputyStatus", person.status),
    ],
  ];
  return h("dl", { class: "kv" }, rows.filter(Boolean).flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

function pointsPanel(scored, history, year) {
  if (!scored) {
    return section(
      `${year}年 分类积分`,
      h("p", { class: "muted" }, "该年度尚无适用的履职积分办法，或尚无履职记录。"),
    );
  }
  const plot = h("div", { class: "chart", "data-testid": "deputy-points-chart" });
  const head = h(
    "div",
    { class: "points-head" },
    h("span", { class: "points-total" }, scored.total.toFixed(1), h("small", {}, " 分")),
    gradeBadge(scored.grade, scored.grade_label),
    h("span", { class: "muted small" }, `积分办法第${scored.rule_version}版`),
  );
  const past = history.length > 1
    ? table(
        [
          { title: "年度", value: (row) => `${row.year}年` },
          { title: "总分", class: "num", value: (row) => row.total.toFixed(1) },
          { title: "等次", value: (row) => gradeBadge(row.grade, row.grade_label) },
          { title: "办法版本", class: "num", value: (row) => `第${row.rule_version}版` },
        ],
        [...history].reverse(),
      )
    : null;
  const panel = section(`${year}年 分类积分与评定`, head, plot, past ? h("h3", { class: "sub" }, "历年评定") : null, past);
  return { panel, plot, scored };
}

function drawChart(plot, scored) {
  if (chart && !chart.isDisposed()) chart.dispose();
  chart = echarts.init(plot);
  const names = scored.points_by_category.map((item) => item.name);
  chart.setOption({
    textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (value) => `${value} 分` },
    xAxis: { type: "category", data: names, axisTick: { show: false } },
    yAxis: { type: "value", name: "分", minInterval: 1 },
    series: [
      {
        type: "bar",
        barMaxWidth: 42,
        data: scored.points_by_category.map((item) => item.points),
        itemStyle: { color: "#b71c1c", borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: "top", formatter: ({ value }) => (value ? value : "") },
      },
    ],
  });
}

function reviewCell(entry) {
  if (!entry.review_stage) return h("span", { class: "muted" }, "待审核");
  const disputed = entry.review_verdict === "disputed";
  return h(
    "span",
    { class: disputed ? "tag caution" : "tag ok-tag" },
    `${label("reviewStage", entry.review_stage)}·${label("reviewVerdict", entry.review_verdict)}`,
  );
}

function sourceCell(entry) {
  const source = SOURCE_LABELS[entry.source_type] || entry.source_type;
  if (entry.source_type === "Suggestion") return h("a", { href: `#/suggestions/${entry.source_id}` }, source);
  return source;
}

function ledgerPanel(entries, year, item, onItem) {
  const items = [...new Set(entries.map((entry) => entry.item))];
  const chooser = h(
    "select",
    { name: "item" },
    h("option", { value: "" }, "全部事项"),
    items.map((code) => h("option", { value: code, selected: code === item }, label("ledgerItem", code))),
  );
  chooser.addEventListener("change", () => onItem(chooser.value));
  const shownEntries = entries.filter((entry) => !item || entry.item === item);
  return section(
    `${year}年 履职记录（${shownEntries.length} 条）`,
    h("div", { class: "filters panel-filters" }, h("label", {}, "事项", chooser)),
    table(
      [
        { title: "日期", class: "nowrap", value: (entry) => day(entry.occurred_on) },
        { title: "事项", class: "nowrap", value: (entry) => entry.item_label || label("ledgerItem", entry.item) },
        { title: "内容", value: (entry) => entry.title },
        { title: "来源", class: "nowrap", value: sourceCell },
        {
          title: "计分",
          class: "nowrap",
          value: (entry) =>
            entry.counted && entry.review_verdict !== "disputed"
              ? h("span", { class: "ok" }, "计分")
              : h("span", { class: "muted", title: entry.counted ? "审核有异议，不计分" : "该记录不计入积分" }, "不计分"),
        },
        { title: "审核", class: "nowrap", value: reviewCell },
      ],
      shownEntries,
      { empty: "该年度没有履职记录", testid: "deputy-ledger" },
    ),
  );
}

function receptionsPanel(entries, year, person) {
  const rows = entries.filter(
    (entry) => entry.item === "station_reception" || (entry.item === "leave" && entry.source_type === "Reception"),
  );
  const attended = rows.filter((entry) => entry.item === "station_reception").length;
  const leaves = rows.length - attended;
  const county = person.level === "county";
  return section(
    `${year}年 进站接待选民`,
    h(
      "p",
      { class: !county || attended >= 2 ? "muted small" : "small warn-text" },
      `签到 ${attended} 次，请假 ${leaves} 次。`,
      county ? `县级代表每年进站不少于 2 次${attended >= 2 ? "（已达到）" : "（尚未达到）"}。` : "",
    ),
    table(
      [
        { title: "日期", class: "nowrap", value: (entry) => day(entry.occurred_on) },
        { title: "活动", value: (entry) => entry.title },
        {
          title: "出席",
          class: "nowrap",
          value: (entry) =>
            entry.item === "leave" ? h("span", { class: "tag caution" }, "请假") : h("span", { class: "tag ok-tag" }, "签到"),
        },
      ],
      rows,
      { empty: "该年度没有进站记录", testid: "deputy-receptions" },
    ),
  );
}

function reportsPanel(allEntries, person) {
  const reports = allEntries.filter((entry) => entry.item === "report_to_voters");
  const inTerm = reports.filter((entry) => entry.occurred_on >= String(person.elected_on));
  return section(
    "向选民述职",
    h(
      "p",
      { class: inTerm.length ? "muted small" : "small warn-text" },
      inTerm.length ? `本届任期内已述职 ${inTerm.length} 次。` : "本届任期内尚未向选民述职。",
      "每名代表每届任期内至少述职一次，一般在第四季度进行。",
    ),
    table(
      [
        { title: "日期", class: "nowrap", value: (entry) => day(entry.occurred_on) },
        { title: "述职活动", value: (entry) => entry.title },
        { title: "审核", class: "nowrap", value: reviewCell },
      ],
      reports,
      { empty: "没有述职记录", testid: "deputy-reports" },
    ),
  );
}

function suggestionsPanel(suggestions, person, go) {
  const rows = [...suggestions].sort((a, b) => String(b.submitted_at).localeCompare(String(a.submitted_at)));
  const led = rows.filter((row) => row.lead_deputy_id === person.deputy_id).length;
  return section(
    `提出的建议（领衔 ${led} 件，附议 ${rows.length - led} 件）`,
    table(
      [
        { title: "编号", class: "nowrap", value: (row) => row.number || "—" },
        {
          title: "标题",
          value: (row) => [
            h("a", { href: `#/suggestions/${row.suggestion_id}`, onclick: (event) => event.stopPropagation() }, row.title),
            row.is_key ? h("span", { class: "tag key" }, "重点") : null,
          ],
        },
        {
          title: "角色",
          class: "nowrap",
          value: (row) => (row.lead_deputy_id === person.deputy_id ? "领衔" : "附议"),
        },
        { title: "提出日期", class: "nowrap", value: (row) => day(row.received_on || row.submitted_at) },
        { title: "类别", class: "nowrap", value: (row) => label("category", row.category) },
        { title: "承办单位", value: (row) => row.lead_unit_name || h("span", { class: "muted" }, "未交办") },
        { title: "状态", class: "nowrap", value: (row) => label("status", row.status) },
        { title: "测评", class: "nowrap", value: (row) => (row.final_rating ? label("satisfaction", row.final_rating) : "—") },
      ],
      rows,
      { onRow: (row) => go(`/suggestions/${row.suggestion_id}`), empty: "没有领衔或附议的建议", testid: "deputy-suggestions" },
    ),
  );
}

export async function render(main, context) {
  shown = { main, context };
  const mine = ++generation;
  const { params, query, who, go } = context;
  const [deputyId] = params;
  if (!main.querySelector("[data-testid=deputy-profile]")) loading(main);

  const [profile, places] = await Promise.all([
    api.get(`/api/v1/deputies/${deputyId}/profile`),
    STATION_READERS.includes(who.role) ? placeBook() : null,
  ]);
  if (mine !== generation) return;
  const person = profile.deputy;
  const record = await rosterRecord(who, person);
  if (mine !== generation) return;

  const years = yearsOf(profile);
  const year = years.includes(query.year) ? query.year : years[0];
  const here = (changes) => go(`/deputies/${deputyId}`, { year, item: query.item, ...changes });
  const entries = profile.entries.filter((entry) => String(entry.year) === year);
  const scored = profile.points_history.find((row) => String(row.year) === year) || null;
  const count = (item) => entries.filter((entry) => entry.item === item && entry.counted).length;

  const yearChooser = h(
    "select",
    { name: "year", "data-testid": "deputy-year" },
    years.map((value) => h("option", { value, selected: value === year }, `${value}年`)),
  );
  yearChooser.addEventListener("change", () => here({ year: yearChooser.value, item: "" }));

  const heading = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      who.role !== "deputy"
        ? h("div", { class: "crumbs" }, h("a", { href: "#/deputies" }, "代表名册"), h("span", {}, "›"), h("span", {}, person.name))
        : null,
      h("h1", {}, `${person.name} · 履职档案`),
      h(
        "p",
        { class: "muted page-note" },
        `${label("deputyLevel", person.level)}人大代表 · 第${person.term}届 · ${label("deputyStatus", person.status)}`,
      ),
    ),
    h("div", { class: "filters" }, h("label", {}, "年度", yearChooser)),
  );

  const points = pointsPanel(scored, profile.points_history, year);
  const suggestionsThisYear = profile.suggestions.filter(
    (row) => row.lead_deputy_id === person.deputy_id && String(row.received_on || row.submitted_at).startsWith(year),
  ).length;
  const cards = h(
    "div",
    { class: "cards" },
    card(`${year}年积分`, scored ? scored.total.toFixed(1) : "—", {
      note: scored ? `等次：${scored.grade_label}` : "无适用积分办法",
      tone: scored ? (scored.grade === "incompetent" ? "alert" : "good") : null,
      testid: "deputy-total",
    }),
    card("进站接待", count("station_reception"), { note: "次（签到）" }),
    card("出席会议", count("congress_session") + count("standing_meeting"), { note: "人代会、列席常委会" }),
    card("视察调研", count("inspection") + count("survey"), { note: "次" }),
    card("领衔建议", suggestionsThisYear, { note: `附议 ${count("suggestion_co_signed")} 件` }),
    card("请假", count("leave"), { note: "次", tone: count("leave") > 2 ? "alert" : null }),
  );

  const wrapper = h(
    "div",
    { "data-testid": "deputy-profile" },
    heading,
    cards,
    h(
      "div",
      { class: "grid-2" },
      section("基本情况", facts(person, record, places, who)),
      points.panel || points,
    ),
    ledgerPanel(entries, year, query.item || "", (item) => here({ item })),
    h("div", { class: "grid-2" }, receptionsPanel(entries, year, person), reportsPanel(profile.entries, person)),
    suggestionsPanel(profile.suggestions, person, go),
  );
  main.replaceChildren(wrapper);
  if (points.plot) drawChart(points.plot, points.scored);
  else if (chart && !chart.isDisposed()) chart.dispose();
}

export function onLive() {
  if (!shown) return;
  render(shown.main, shown.context).catch((error) => shown.main.replaceChildren(errorBox(error)));
}
