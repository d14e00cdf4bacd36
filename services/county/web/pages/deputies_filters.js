// The roster's filter bar (代表名册筛选): level, place, station, serving, points year, name and order, each
// kept in the page's address so a filtered roster can be bookmarked and shared.

import { LABELS, h, today } from "../ui.js";
import { prefixOf } from "./places.js";

const PATH = "/deputies";
const FILTERS = ["level", "region", "station_id", "status", "q", "year", "sort"];

function filtersOf(query) {
  return Object.fromEntries(FILTERS.filter((name) => query[name]).map((name) => [name, query[name]]));
}

export function thisYear() {
  return today().slice(0, 4);
}

function yearOptions(chosen) {
  const current = Number(thisYear());
  const years = [];
  for (let year = current; year >= current - 4; year -= 1) years.push(String(year));
  if (chosen && !years.includes(chosen)) years.push(chosen);
  return years;
}

function options(pairs, { value, blank }) {
  const choices = pairs.map(([key, text]) => h("option", { value: key, selected: key === value }, text));
  return blank !== undefined ? [h("option", { value: "" }, blank), ...choices] : choices;
}

export function filterBar(query, { places, fromRoster, go }) {
  const change = (changes) => go(PATH, { ...filtersOf(query), ...changes });
  const control = (tag, attributes, children, name, extra = () => ({})) => {
    const element = h(tag, { name, ...attributes }, children);
    element.addEventListener("change", () => change({ [name]: element.value, ...extra(element.value) }));
    return element;
  };
  const labelled = (text, element) => h("label", {}, text, element);

  const parts = [
    labelled(
      "层级",
      control("select", {}, options(Object.entries(LABELS.deputyLevel), { value: query.level, blank: "全部" }), "level"),
    ),
  ];
  if (places) {
    // Every place below the reader's own, indented by depth: 县 → 乡镇 → 村（社区）.
    const depth = (code) => {
      let count = 0;
      for (let at = places.regions.get(code)?.parent; at && at !== places.root; at = places.regions.get(at)?.parent) count += 1;
      return count;
    };
    const below = [...places.regions.entries()].filter(([code]) => code !== places.root);
    if (below.length) {
      parts.push(
        labelled(
          "区域",
          control(
            "select",
            { "data-testid": "deputy-region" },
            options(
              below.map(([code, place]) => [code, `${"　".repeat(depth(code))}${place.name}`]),
              { value: query.region, blank: "全部" },
            ),
            "region",
            () => ({ station_id: "" }),
          ),
        ),
      );
    }
    if (fromRoster) {
      const prefix = query.region ? prefixOf(query.region) : "";
      const stations = [...places.stations.entries()].filter(
        ([, station]) => !prefix || (station.region || "").startsWith(prefix),
      );
      parts.push(
        labelled(
          "联络站",
          control(
            "select",
            { "data-testid": "deputy-station" },
            options(
              stations.map(([id, station]) => [id, station.name]),
              { value: query.station_id, blank: "全部" },
            ),
            "station_id",
          ),
        ),
      );
    }
  }
  if (fromRoster) {
    parts.push(
      labelled(
        "任职",
        control(
          "select",
          {},
          options(Object.entries(LABELS.deputyStatus), { value: query.status, blank: "全部" }),
          "status",
        ),
      ),
    );
  }
  parts.push(
    labelled(
      "积分年度",
      control(
        "select",
        {},
        options(
          yearOptions(query.year).map((year) => [year, `${year}年`]),
          { value: query.year || thisYear() },
        ),
        "year",
      ),
    ),
  );
  const search = h("input", {
    type: "search",
    name: "q",
    value: query.q || "",
    placeholder: "输入姓名",
    size: 10,
    "data-testid": "deputy-search",
  });
  search.addEventListener("change", () => change({ q: search.value.trim() }));
  parts.push(labelled("姓名", search));
  parts.push(
    labelled(
      "排序",
      control(
        "select",
        {},
        options(
          [
            ["", "按姓名"],
            ["points", "按积分（高→低）"],
            ["points_asc", "按积分（低→高）"],
          ],
          { value: query.sort || "" },
        ),
        "sort",
      ),
    ),
  );
  if (Object.keys(filtersOf(query)).some((name) => name !== "year" && name !== "sort")) {
    parts.push(h("button", { type: "button", class: "secondary", onclick: () => go(PATH, {}) }, "清除筛选"));
  }
  return h("div", { class: "filters", "data-testid": "deputy-filters" }, parts);
}
