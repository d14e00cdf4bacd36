// 人事任免: the cases by stage of the procedure (提请 → 审查 → 任前准备 → 审议 → 表决 → 在任), the year's
// counted figures, and the case list filtered by stage, kind and year, a page at a time ("更多" reads the next).

import { api } from "../api.js";
import { projections } from "../live.js";
import { firstPages, moreButton, pageSizeOf } from "../paging.js";
import { LABELS, card, day, errorBox, h, label, loading, percent, table, today } from "../ui.js";

const PATH = "/appointments";
const FILTERS = ["stage", "kind", "year"];
const STAGES = ["vetting", "preparation", "meeting", "decided", "in_office"];
// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("appointments");

let shown = null;
let generation = 0;
// How many cases the list showed, and for which filters: a re-read after a live notice shows as many again.
let loaded = { key: null, count: 0 };

function filtersOf(query) {
  return Object.fromEntries(FILTERS.filter((name) => query[name]).map((name) => [name, query[name]]));
}

/** Cases by stage, counted over the cases read so far ("N+" while more pages remain). */
function stageCards(cases, query, go, more) {
  const counts = Object.fromEntries(STAGES.map((stage) => [stage, 0]));
  for (const row of cases) counts[row.stage] += 1;
  const pick = (stage) => go(PATH, { ...filtersOf(query), stage });
  const count = (value) => (more ? `${value}+` : value);
  const stageCard = (stage, title, value, note) => {
    const element = card(title, value, { note, testid: `stage-${stage || "all"}` });
    element.classList.add("stage-card");
    if ((query.stage || "") === stage) element.classList.add("selected");
    element.setAttribute("role", "button");
    element.tabIndex = 0;
    element.addEventListener("click", () => pick(stage));
    element.addEventListener("keydown", (event) => event.key === "Enter" && pick(stage));
    return element;
  };
  return h(
    "div",
    { class: "cards stage-cards", "data-testid": "appointment-stages" },
    stageCard("", "全部案件", count(cases.length), more ? "已读取部分，点“更多”继续" : "点击按环节筛选"),
    STAGES.map((stage, index) =>
      stageCard(stage, `${index + 1}. ${label("appointmentStage", stage)}`, count(counts[stage]), "件"),
    ),
  );
}

function figureCards(figures, year) {
  const reviews = figures.reviews || {};
  return h(
    "div",
    { class: "cards", "data-testid": "appointment-figures" },
    card("任免人次", figures.person_times, {
      note: `任命 ${figures.by_kind.appointment ?? 0}，免职 ${figures.by_kind.removal ?? 0}，辞职 ${figures.by_kind.resignation ?? 0}，撤职 ${figures.by_kind.dismissal ?? 0}`,
    }),
    card("表决未通过", figures.not_passed_at_ballot, { tone: figures.not_passed_at_ballot ? "alert" : null }),
    card("法律知识考试", `${figures.exam_batches} 批`, {
      note: `参考 ${figures.exam_takers} 人次，合格 ${figures.exam_passed}（${percent(figures.exam_pass_rate)}）`,
    }),
    card("宪法宣誓", `${figures.oath_ceremonies} 次`, { note: `宣誓 ${figures.sworn_in} 人` }),
    card("人民陪审员任命", figures.people_assessors_appointed, { note: "人" }),
    card("任后述职评议", (reviews.satisfied ?? 0) + (reviews.basically_satisfied ?? 0) + (reviews.unsatisfied ?? 0), {
      note: `满意 ${reviews.satisfied ?? 0}，基本满意 ${reviews.basically_satisfied ?? 0}，不满意 ${reviews.unsatisfied ?? 0}；质询案 ${figures.inquiries}`,
      tone: reviews.unsatisfied ? "alert" : null,
    }),
  );
}

function yearOptions(chosen) {
  const current = Number(today().slice(0, 4));
  const years = [];
  for (let year = current; year >= current - 5; year -= 1) years.push(String(year));
  if (chosen && !years.includes(chosen)) years.push(chosen);
  return years;
}

function filterBar(query, go) {
  const change = (name, value) => go(PATH, { ...filtersOf(query), [name]: value });
  const chooser = (name, pairs) => {
    const element = h(
      "select",
      { name },
      h("option", { value: "" }, "全部"),
      pairs.map(([value, text]) => h("option", { value, selected: value === query[name] }, text)),
    );
    element.addEventListener("change", () => change(name, element.value));
    return element;
  };
  return h(
    "div",
    { class: "filters", "data-testid": "appointment-filters" },
    h("label", {}, "环节", chooser("stage", STAGES.map((stage) => [stage, label("appointmentStage", stage)]))),
    h("label", {}, "类别", chooser("kind", Object.entries(LABELS.appointmentKind))),
    h("label", {}, "提请年度", chooser("year", yearOptions(query.year).map((year) => [year, `${year}年`]))),
    Object.keys(filtersOf(query)).length
      ? h("button", { type: "button", class: "secondary", onclick: () => go(PATH, {}) }, "清除筛选")
      : null,
  );
}

const COLUMNS = [
  { title: "姓名", class: "nowrap", value: (row) => h("strong", {}, row.appointee_name) },
  {
    title: "拟任职务",
    value: (row) => [
      row.post,
      row.is_people_assessor ? h("span", { class: "tag assessor" }, "人民陪审员") : null,
    ],
  },
  { title: "类别", class: "nowrap", value: (row) => label("appointmentKind", row.kind) },
  { title: "提请机关", value: (row) => row.requesting_unit_name || label("requestingUnit", row.requesting_unit) },
  {
    title: "当前环节",
    value: (row) =>
      h(
        "span",
        { class: "stage-cell" },
        h("span", { class: `badge stage-${row.stage}` }, label("appointmentStage", row.stage)),
        row.status_label !== label("appointmentStage", row.stage) ? h("span", { class: "appt-status" }, row.status_label) : null,
      ),
  },
  { title: "开始日期", class: "nowrap", value: (row) => day(row.requested_on) },
  { title: "决定文号", class: "nowrap", value: (row) => row.decision_number || h("span", { class: "muted" }, "—") },
];

export async function render(main, context) {
  shown = { main, context };
  const mine = ++generation;
  const { query, go } = context;
  if (!main.querySelector("[data-testid=appointment-list]")) loading(main);

  const listed = { kind: query.kind, year: query.year };
  const limit = pageSizeOf(query);
  const key = JSON.stringify({ listed, limit });
  const [cases, figures] = await Promise.all([
    firstPages("/api/v1/appointments", listed, { limit, atLeast: loaded.key === key ? loaded.count : 0 }).catch(
      (error) => ({ error }),
    ),
    api.get("/api/v1/appointments/figures", { year: query.year }).catch(() => null),
  ]);
  if (mine !== generation) return;

  const heading = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("h1", {}, "人事任免"),
      h(
        "p",
        { class: "muted page-note" },
        "依法提请 → 主任会议审查 → 任前法律知识考试 → 提请说明与供职发言 → 无记名投票表决 → 颁发任命书、宪法宣誓",
      ),
    ),
  );
  if (cases.error) {
    main.replaceChildren(heading, errorBox(cases.error));
    return;
  }
  const listing = h("div", {});
  const show = (all, cursor) => {
    loaded = { key, count: all.length };
    const rows = query.stage ? all.filter((row) => row.stage === query.stage) : all;
    const counted = cursor ? `已显示 ${rows.length} 件` : `${rows.length} 件`;
    listing.replaceChildren(
      stageCards(all, query, go, Boolean(cursor)),
      h("section", { class: "panel" }, filterBar(query, go)),
      h(
        "section",
        { class: "panel" },
        h("h2", {}, query.stage ? `${label("appointmentStage", query.stage)}（${counted}）` : `任免案件（${counted}）`),
        table(COLUMNS, rows, {
          onRow: (row) => go(`/appointments/${row.appointment_id}`),
          empty: cursor ? "已读取的案件中没有符合条件的，可点“更多”继续" : "没有符合条件的任免案件",
          testid: "appointment-list",
        }),
        moreButton({
          path: "/api/v1/appointments",
          params: listed,
          limit,
          cursor,
          testid: "appointment-more",
          onPage: (items, next) => show([...all, ...items], next),
        }),
      ),
    );
  };
  show(cases.rows, cases.cursor);
  main.replaceChildren(
    heading,
    listing,
    figures
      ? h(
          "section",
          { class: "panel" },
          h("h2", {}, query.year ? `${query.year}年 任免统计` : "任免统计（全部年度）"),
          h("p", { class: "muted small" }, "按统计口径：任免人次计入表决之年，考试计入参考之年，宣誓计入仪式之年。"),
          figureCards(figures, query.year),
        )
      : null,
  );
}

export function onLive() {
  if (!shown) return;
  render(shown.main, shown.context).catch((error) => shown.main.replaceChildren(errorBox(error)));
}
