// 代表名册: the deputies of the reader's region with where they live, the station they are attached to,
// and the year's points and grade (履职积分), filtered by level, place, station, serving and name.

import { api } from "../api.js";
import { projections } from "../live.js";
import { card, errorBox, h, label, loading, table } from "../ui.js";
import { filterBar, thisYear } from "./deputies_filters.js";
import { countyOf, forgetPlaces, levelOf, optional, placeBook, placeName, prefixOf, stationName } from "./places.js";

const ROSTER_READERS = ["county_staff", "city_viewer", "auditor"];
const PAGE = 500;
// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("roster", "duty_ledger", "regions", "station_work");

let shown = null;
let generation = 0;

export function gradeBadge(grade, text) {
  if (!grade) return h("span", { class: "muted" }, "—");
  return h("span", { class: `badge grade-${grade}` }, text || label("grade", grade));
}

/** Every roster page: the service gives at most 500 at a time. */
async function rosterOf(params) {
  const rows = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.get("/api/v1/deputies", { ...params, limit: PAGE, offset });
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

/** The year's points per deputy. Points are kept per county: a city reader asks each county in turn. */
async function pointsOf(who, year, residentCodes) {
  const level = levelOf(who.region_code);
  const counties =
    level === "province" || level === "city" ? [...new Set(residentCodes.map(countyOf))] : [null];
  const answers = await Promise.all(
    counties.map((county) => optional("/api/v1/duty/points", { year, region_code: county || undefined })),
  );
  const byDeputy = new Map();
  let rules = null;
  for (const answer of answers.filter(Boolean)) {
    rules = rules || answer;
    for (const row of answer.deputies) byDeputy.set(row.deputy_id, { ...row, talk: row.total < answer.talk_below });
  }
  return { byDeputy, rules, answered: answers.some(Boolean) };
}

/** The people listed: the roster for those who may read it, else the deputies in the year's points. */
async function peopleOf(who, query) {
  if (ROSTER_READERS.includes(who.role)) {
    const rows = await rosterOf({ level: query.level, station_id: query.station_id, status: query.status });
    return { rows, fromRoster: true };
  }
  const points = await api.get("/api/v1/duty/points", { year: query.year || thisYear() });
  const rows = points.deputies
    .filter((row) => !query.level || row.level === query.level)
    .map((row) => ({ ...row, status: "serving", station_ids: null, groups: [], constituency: "" }));
  return { rows, fromRoster: false };
}

function nameCell(row) {
  return h(
    "span",
    { class: "deputy-name" },
    h("strong", {}, row.name),
    row.holds_leading_office ? h("span", { class: "tag", title: "担任领导职务的代表" }, "职务代表") : null,
    row.is_public_servant ? h("span", { class: "tag" }, "公职人员") : null,
    row.status === "left"
      ? h("span", { class: "tag left", title: label("leavingReason", row.left_reason) }, "已离任")
      : null,
  );
}

function stationsCell(row, places) {
  if (row.station_ids === null) return h("span", { class: "muted" }, "—");
  if (!row.station_ids.length) {
    return row.status === "left" ? h("span", { class: "muted" }, "—") : h("span", { class: "tag caution" }, "未进站");
  }
  return row.station_ids.map((id) => stationName(places, id)).join("、");
}

function columns(places, points) {
  return [
    { title: "姓名", value: nameCell },
    { title: "层级", value: (row) => `${label("deputyLevel", row.level)}人大代表`, class: "nowrap" },
    {
      title: "选区 / 住址区域",
      value: (row) => [
        row.constituency ? h("div", {}, row.constituency) : null,
        h("div", { class: row.constituency ? "muted small" : null }, placeName(places, row.resident_region_code)),
      ],
    },
    { title: "进站", value: (row) => stationsCell(row, places) },
    {
      title: "积分",
      class: "num",
      value: (row) => {
        const scored = points.byDeputy.get(row.deputy_id);
        return scored ? scored.total.toFixed(1) : h("span", { class: "muted" }, "—");
      },
    },
    {
      title: "等次",
      value: (row) => {
        const scored = points.byDeputy.get(row.deputy_id);
        if (!scored) return h("span", { class: "muted" }, "—");
        return [
          gradeBadge(scored.grade, scored.grade_label),
          scored.talk ? h("span", { class: "tag caution talk", title: "年度积分低于约谈线" }, "约谈") : null,
        ];
      },
    },
  ];
}

function summary(rows, points, year) {
  const serving = rows.filter((row) => row.status !== "left");
  const known = serving.filter((row) => row.station_ids !== null);
  const attached = known.filter((row) => row.station_ids.length);
  const scored = serving.map((row) => points.byDeputy.get(row.deputy_id)).filter(Boolean);
  const count = (grade) => scored.filter((row) => row.grade === grade).length;
  const talks = scored.filter((row) => row.talk).length;
  return h(
    "div",
    { class: "cards", "data-testid": "deputy-summary" },
    card("在任代表", serving.length, { note: rows.length > serving.length ? `另有离任 ${rows.length - serving.length} 人` : "按当前筛选" }),
    known.length
      ? card("已进站", attached.length, {
          note: `进站率 ${((attached.length / known.length) * 100).toFixed(1)}%`,
          tone: attached.length < known.length ? "alert" : "good",
        })
      : null,
    card(`${year}年 优秀`, count("excellent"), { tone: "good" }),
    card(`${year}年 称职`, count("competent")),
    card(`${year}年 不称职`, count("incompetent"), { tone: count("incompetent") ? "alert" : "good" }),
    points.rules ? card("约谈名单", talks, { note: `积分低于 ${points.rules.talk_below} 分`, tone: talks ? "alert" : "good" }) : null,
  );
}

function narrowed(rows, query, points) {
  const prefix = query.region ? prefixOf(query.region) : "";
  const name = (query.q || "").trim();
  const result = rows.filter(
    (row) => (!prefix || row.resident_region_code.startsWith(prefix)) && (!name || row.name.includes(name)),
  );
  const total = (row) => points.byDeputy.get(row.deputy_id)?.total ?? -Infinity;
  if (query.sort === "points") result.sort((a, b) => total(b) - total(a) || a.name.localeCompare(b.name, "zh-CN"));
  else if (query.sort === "points_asc") result.sort((a, b) => total(a) - total(b) || a.name.localeCompare(b.name, "zh-CN"));
  else result.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  return result;
}

export async function render(main, context) {
  shown = { main, context };
  const mine = ++generation;
  const { query, who, go } = context;
  if (!main.querySelector("[data-testid=deputy-list]")) loading(main);
  const year = query.year || thisYear();

  const [people, places] = await Promise.all([peopleOf(who, query).catch((error) => ({ error })), placeBook()]);
  if (mine !== generation) return;
  const heading = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("h1", {}, "代表名册"),
      h("p", { class: "muted page-note" }, "本辖区各级人大代表的住址区域、进站情况与年度履职积分；点击一行查看履职档案"),
    ),
  );
  if (people.error) {
    main.replaceChildren(heading, errorBox(people.error));
    return;
  }
  const points = await pointsOf(
    who,
    year,
    people.rows.map((row) => row.resident_region_code),
  );
  if (mine !== generation) return;

  const rows = narrowed(people.rows, query, points);
  main.replaceChildren(
    heading,
    h("section", { class: "panel" }, filterBar(query, { places, fromRoster: people.fromRoster, go })),
    summary(rows, points, year),
    h(
      "section",
      { class: "panel" },
      h(
        "p",
        { class: "muted small list-note" },
        `共 ${rows.length} 人。`,
        points.rules ? `积分按《${points.rules.rule_name}》（第${points.rules.rule_version}版）计算，${year}年度。` : "",
        !points.answered ? "本年度尚无适用的积分办法，积分暂不显示。" : "",
        people.fromRoster ? "" : "（乡镇账号按年度积分名单列出本辖区代表，不含进站信息。）",
      ),
      table(columns(places, points), rows, {
        onRow: (row) => go(`/deputies/${row.deputy_id}`),
        empty: "没有符合条件的代表",
        testid: "deputy-list",
      }),
    ),
  );
}

export function onLive() {
  if (!shown) return;
  forgetPlaces();
  render(shown.main, shown.context).catch((error) => shown.main.replaceChildren(errorBox(error)));
}
