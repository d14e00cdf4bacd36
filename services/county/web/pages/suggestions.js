// 建议督办: the tracking list of deputy suggestions with their deadline colours (三色督办), filtered by the query,
// a page at a time ("更多" reads the next).

import { api } from "../api.js";
import { projections } from "../live.js";
import { firstPages, moreButton, pageSizeOf } from "../paging.js";
import { LABELS, colourBadge, day, errorBox, h, label, loading, select, table, today } from "../ui.js";

const PATH = "/suggestions";
const FILTERS = ["status", "category", "colour", "unit_id", "year", "region", "is_key"];
const REGION_CODE = /^\d{12}$/;
const COLOUR_ORDER = ["red", "yellow", "green", "grey"];
// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("suggestions", "handling_units", "regions", "roster");

let shown = null;
let generation = 0;
// How many rows the list showed, and for which filters: a re-read after a live notice shows as many again.
let loaded = { key: null, count: 0 };

/** The filters the list and the Excel export share: the query's known keys, blanks left out. */
function filtersOf(query) {
  return Object.fromEntries(FILTERS.filter((name) => query[name]).map((name) => [name, query[name]]));
}

/** What may be refused for some roles is read quietly: null instead of an error. */
async function optional(path, params) {
  try {
    return await api.get(path, params);
  } catch {
    return null;
  }
}

/** Years newest first (an object's numeric keys would sort ascending, so the options are built here). */
function yearSelect(chosen) {
  const current = Number(today().slice(0, 4));
  const years = [];
  for (let year = current; year >= current - 5; year -= 1) years.push(String(year));
  if (chosen && !years.includes(chosen)) years.push(chosen);
  return h(
    "select",
    { name: "year" },
    h("option", { value: "" }, "全部"),
    years.map((year) => h("option", { value: year, selected: year === chosen }, `${year}年`)),
  );
}

function filterBar(query, { units, regions, place, go }) {
  const change = (name, value) => go(PATH, { ...filtersOf(query), [name]: value });
  const labelled = (text, control) => h("label", {}, text, control);
  const bind = (control, name) => {
    control.addEventListener("change", () => change(name, control.value));
    return control;
  };

  const parts = [
    labelled("状态", bind(select("status", LABELS.status, { value: query.status, blank: "全部" }), "status")),
    labelled("类别", bind(select("category", LABELS.category, { value: query.category, blank: "全部" }), "category")),
    labelled("督办颜色", bind(select("colour", LABELS.colour, { value: query.colour, blank: "全部" }), "colour")),
  ];
  if (units) {
    const options = Object.fromEntries(units.map((unit) => [unit.unit_id, unit.name]));
    parts.push(labelled("承办单位", bind(select("unit_id", options, { value: query.unit_id, blank: "全部" }), "unit_id")));
  }
  parts.push(labelled("年度", bind(yearSelect(query.year), "year")));

  const key = h("input", { type: "checkbox", name: "is_key", checked: query.is_key === "true" });
  key.addEventListener("change", () => change("is_key", key.checked ? "true" : ""));
  parts.push(h("label", {}, key, "只看重点建议"));

  const region = h("input", {
    name: "region",
    value: query.region || "",
    placeholder: "12位区划代码",
    pattern: "\\d{12}",
    maxlength: 12,
    size: 14,
    list: regions ? "suggestion-regions" : null,
    title: "乡镇、村（社区）的12位区划代码；清空则不限",
  });
  const hint = h("span", { class: "region-hint" });
  region.addEventListener("change", () => {
    const value = region.value.trim();
    if (value && !REGION_CODE.test(value)) {
      hint.className = "region-hint bad";
      hint.textContent = "区划代码应为12位数字";
      return;
    }
    change("region", value);
  });
  if (query.region) {
    hint.textContent = place ? place.name : query.region;
    if (place) hint.title = `${label("level", place.level)}（${place.code}）`;
  }
  parts.push(
    h("label", {}, "区域", region, hint),
    regions
      ? h(
          "datalist",
          { id: "suggestion-regions" },
          regions.map((unit) => h("option", { value: unit.code }, `${unit.name}（${label("level", unit.level)}）`)),
        )
      : null,
  );

  if (Object.keys(filtersOf(query)).length) {
    parts.push(h("button", { type: "button", class: "secondary", onclick: () => go(PATH, {}) }, "清除筛选"));
  }
  return h("div", { class: "filters", "data-testid": "suggestion-filters" }, parts);
}

function summary(rows, more) {
  const counts = Object.fromEntries(COLOUR_ORDER.map((colour) => [colour, 0]));
  for (const row of rows) counts[row.colour] = (counts[row.colour] || 0) + 1;
  const redHolders = new Map();
  for (const row of rows.filter((item) => item.colour === "red")) {
    const holder = row.lead_unit_name || "县人大（待交办）";
    redHolders.set(holder, (redHolders.get(holder) || 0) + 1);
  }
  const holders = [...redHolders.entries()].sort((a, b) => b[1] - a[1]);
  return h(
    "div",
    { class: "suggestion-summary", "data-testid": "suggestion-summary" },
    more
      ? h("span", {}, "已显示 ", h("strong", {}, rows.length), " 件（还有更多，以下按已显示的统计）")
      : h("span", {}, "共 ", h("strong", {}, rows.length), " 件"),
    h("span", { class: "summary-red" }, colourBadge("red"), " 超期 ", h("strong", {}, counts.red), " 件"),
    h("span", {}, colourBadge("yellow"), " 临期 ", h("strong", {}, counts.yellow), " 件"),
    h("span", {}, colourBadge("green"), " 正常 ", h("strong", {}, counts.green), " 件"),
    h("span", { class: "muted" }, colourBadge("grey"), " 未交办/已结 ", counts.grey, " 件"),
    holders.length
      ? h(
          "span",
          { class: "red-holders" },
          "超期件所在：",
          holders.map(([holder, count]) => `${holder} ${count} 件`).join("、"),
        )
      : null,
  );
}

function dueCell(row) {
  if (!row.current_due) return "—";
  return h(
    "span",
    { class: row.overdue ? "due overdue" : "due" },
    day(row.current_due),
    row.due_is_provisional ? h("span", { class: "provisional", title: "节假日安排未公布，期限暂按常规工作日推算" }, "（暂定）") : null,
  );
}

const COLUMNS = [
  { title: "颜色", value: (row) => colourBadge(row.colour) },
  { title: "编号", value: (row) => row.number || "—", class: "nowrap" },
  {
    title: "标题",
    value: (row) => [row.title, row.is_key ? h("span", { class: "tag key" }, "重点") : null],
  },
  { title: "领衔代表", value: (row) => row.lead_deputy_name || "—", class: "nowrap" },
  { title: "类别", value: (row) => label("category", row.category), class: "nowrap" },
  {
    title: "承办单位",
    value: (row) =>
      row.lead_unit_name || h("span", { class: "muted" }, row.status === "returned" ? "已退回，待重新交办" : "未交办"),
  },
  { title: "状态", value: (row) => h("span", { class: `status status-${row.status}` }, label("status", row.status)) },
  { title: "当前期限", value: dueCell, class: "nowrap" },
  { title: "答复日", value: (row) => day(row.replied_on), class: "nowrap" },
];

export async function render(main, context) {
  shown = { main, context };
  const mine = ++generation;
  const { query, who, go } = context;
  if (!main.querySelector("[data-testid=suggestion-list]")) loading(main);

  const filters = filtersOf(query);
  const limit = pageSizeOf(query);
  const key = JSON.stringify({ filters, limit });
  const staff = ["county_staff", "city_viewer", "auditor"].includes(who.role);
  const [list, units, regions, place] = await Promise.all([
    firstPages("/api/v1/suggestions", filters, { limit, atLeast: loaded.key === key ? loaded.count : 0 }).catch(
      (error) => ({ error }),
    ),
    staff ? optional("/api/v1/handling-units") : null,
    staff ? optional("/api/v1/regions") : null,
    query.region && REGION_CODE.test(query.region) && staff ? optional(`/api/v1/regions/${query.region}`) : null,
  ]);
  if (mine !== generation) return;

  const exportButton = h("button", { type: "button" }, "导出 Excel");
  const exportMessage = h("span", { class: "form-message" });
  exportButton.addEventListener("click", async () => {
    exportButton.disabled = true;
    exportMessage.replaceChildren();
    try {
      await api.download("/api/v1/suggestions/export/tracking.xlsx", filters, "建议办理跟踪表.xlsx");
    } catch (error) {
      exportMessage.replaceChildren(errorBox(error));
    } finally {
      exportButton.disabled = false;
    }
  });

  const heading = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("h1", {}, "代表建议办理跟踪"),
      h(
        "p",
        { class: "muted page-note" },
        who.role === "handling_unit"
          ? "本单位承办的建议"
          : who.role === "deputy"
            ? "本人领衔或附议的建议"
            : "红色为已超期，黄色为临近期限（三色督办）",
      ),
    ),
    h("div", { class: "head-actions" }, exportMessage, exportButton),
  );

  const bar = filterBar(query, { units, regions, place, go });
  if (list.error) {
    main.replaceChildren(heading, h("section", { class: "panel" }, bar, errorBox(list.error)));
    return;
  }
  const listed = h("section", { class: "panel" });
  const show = (rows, cursor) => {
    loaded = { key, count: rows.length };
    listed.replaceChildren(
      summary(rows, Boolean(cursor)),
      table(COLUMNS, rows, {
        onRow: (row) => go(`/suggestions/${row.suggestion_id}`),
        empty: "没有符合条件的建议",
        testid: "suggestion-list",
      }),
      moreButton({
        path: "/api/v1/suggestions",
        params: filters,
        limit,
        cursor,
        testid: "suggestion-more",
        onPage: (items, next) => show([...rows, ...items], next),
      }),
    );
  };
  show(list.rows, list.cursor);
  main.replaceChildren(heading, h("section", { class: "panel" }, bar), listed);
}

export function onLive() {
  if (!shown) return;
  render(shown.main, shown.context).catch((error) => shown.main.replaceChildren(errorBox(error)));
}
