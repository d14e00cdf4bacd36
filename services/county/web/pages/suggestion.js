// One suggestion (代表建议): its facts, units and clocks, the whole handling timeline, and the steps the
// signed-in role may take now. The service decides again; the page only offers what the status allows.

import { api } from "../api.js";
import { projections } from "../live.js";
import { colourBadge, errorBox, h, label, section } from "../ui.js";
import { actionsFor } from "./suggestion_actions.js";
import { facts, handling, unitNames } from "./suggestion_case.js";
import { timelineList } from "./suggestion_timeline.js";

// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("suggestions", "handling_units", "roster");

const FLASH_MS = 6000;

let shown = null;
let generation = 0;
let flash = null;
let dirty = false;

async function optional(path, params) {
  try {
    return await api.get(path, params);
  } catch {
    return null;
  }
}

async function show(main, context, { waitFor } = {}) {
  shown = { main, context };
  const mine = ++generation;
  const { params, who } = context;
  const id = params[0];
  const staff = ["county_staff", "city_viewer", "auditor"].includes(who.role);
  const [detail, units] = await Promise.all([
    api.get(`/api/v1/suggestions/${id}`, waitFor ? { wait_for: waitFor } : undefined),
    staff ? optional("/api/v1/handling-units") : null,
  ]);
  if (mine !== generation) return;
  const unitName = unitNames(detail, units, who);

  const act = async (path, done, body) => {
    const result = await api.post(`/api/v1/suggestions/${id}/${path}`, body);
    flash = { id, text: done, until: Date.now() + FLASH_MS };
    dirty = false;
    try {
      await show(main, context, { waitFor: result.event_ids?.[0] });
    } catch {
      flash = { id, text: `${done}（页面数据稍后更新）`, until: Date.now() + FLASH_MS };
      await show(main, context);
    }
  };

  const forms = actionsFor(detail, { who, units, act });
  // The confirmation outlives the live re-read that follows one's own step.
  const fresh = flash && flash.id === id && Date.now() < flash.until;
  const notice = fresh ? h("div", { class: "flash ok", role: "status" }, flash.text) : null;
  dirty = false;

  const head = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("div", { class: "crumbs" }, h("a", { href: "#/suggestions" }, "建议督办"), "›", detail.number || "未登记建议"),
      h("h1", {}, detail.title),
    ),
    h(
      "div",
      { class: "head-badges" },
      detail.is_key ? h("span", { class: "tag key" }, "重点建议") : null,
      colourBadge(detail.colour),
      h("span", { class: `status status-${detail.status}`, "data-testid": "suggestion-status", dataset: { status: detail.status } }, label("status", detail.status)),
    ),
  );

  const actions = forms.length
    ? section("办理操作", h("div", { class: "actions", "data-testid": "suggestion-actions" }, forms))
    : null;
  if (actions) {
    actions.addEventListener("input", () => {
      dirty = true;
    });
  }

  const parts = [
    head,
    notice,
    h("div", { class: "grid-2" }, facts(detail), handling(detail, unitName)),
    actions,
    section("办理过程", timelineList(detail, unitName)),
  ];
  main.replaceChildren(...parts.filter(Boolean));
}

export async function render(main, context) {
  await show(main, context);
}

export function onLive() {
  if (!shown) return;
  const { main, context } = shown;
  if (dirty) {
    // Someone is filling in a form: offer the refresh instead of wiping what they typed.
    if (main.querySelector(".stale")) return;
    const banner = h(
      "div",
      { class: "flash stale", role: "status" },
      "办理信息已更新。",
      h("button", { type: "button", class: "secondary", onclick: () => show(main, context).catch((error) => main.replaceChildren(errorBox(error))) }, "刷新"),
    );
    main.querySelector(".page-head")?.after(banner);
    return;
  }
  show(main, context).catch((error) => main.replaceChildren(errorBox(error)));
}
