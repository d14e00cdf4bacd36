// The places and stations the reader may see, by code and id, for the roster and a deputy's record:
// a region code's level and prefix, and the names from today's roll-up tree.

import { api } from "../api.js";
import { today } from "../ui.js";

/** A region code's level from its zero groups: 省 2 digits, 市 4, 县 6, 乡 9, 村 12. */
export function levelOf(code) {
  if (/^\d{2}0{10}$/.test(code)) return "province";
  if (/^\d{4}0{8}$/.test(code)) return "city";
  if (/^\d{6}0{6}$/.test(code)) return "county";
  if (/^\d{9}0{3}$/.test(code)) return "township";
  return "village";
}

const PREFIX = { province: 2, city: 4, county: 6, township: 9, village: 12 };

export function prefixOf(code) {
  return code.slice(0, PREFIX[levelOf(code)]);
}

export function countyOf(code) {
  return `${code.slice(0, 6)}000000`;
}

/** What may be refused for some roles is read quietly: null instead of an error. */
export async function optional(path, params) {
  try {
    return await api.get(path, params);
  } catch {
    return null;
  }
}

let book = null;

/**
 * Names of the places and stations the reader may see, taken from the roll-up tree of today (readable by
 * county, township and city staff alike, unlike the region list); kept a minute. Null when refused.
 */
export async function placeBook() {
  if (book && book.until > Date.now()) return book.value;
  const day = today();
  const root = await optional("/api/v1/rollup", { start: day, end: day });
  const value = root ? { root: root.code, regions: new Map(), stations: new Map() } : null;
  const walk = (node, parent) => {
    if (node.level === "station") value.stations.set(node.code, { name: node.name, region: parent });
    else if (node.level !== "own") value.regions.set(node.code, { name: node.name, level: node.level, parent });
    for (const child of node.children || []) walk(child, node.level === "own" ? parent : node.code);
  };
  if (root) walk(root, null);
  book = { value, until: Date.now() + 60000 };
  return value;
}

/** A place's name below the reader's own region, e.g. "城关镇 东门社区"; the code when it is not known. */
export function placeName(places, code) {
  if (!code) return "—";
  if (!places || !places.regions.has(code)) return code;
  const names = [];
  for (let at = code; at && at !== places.root && places.regions.has(at); at = places.regions.get(at).parent) {
    names.unshift(places.regions.get(at).name);
  }
  return names.length ? names.join(" ") : places.regions.get(code).name;
}

export function stationName(places, stationId) {
  return places?.stations.get(stationId)?.name || "联络站";
}

/** The next `placeBook()` reads the tree again: a place or a station has changed. */
export function forgetPlaces() {
  book = null;
}
