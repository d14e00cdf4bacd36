// The pages' shell: sign-in, the menu a role may see, a hash router, and live updates for the page shown.

import { api, session } from "./api.js";
import { connectLive } from "./live.js";
import { LABELS, errorBox, h } from "./ui.js";
import * as appointment from "./pages/appointment.js";
import * as appointments from "./pages/appointments.js";
import * as dashboard from "./pages/dashboard.js";
import * as deputies from "./pages/deputies.js";
import * as deputy from "./pages/deputy.js";
import * as station from "./pages/station.js";
import * as suggestion from "./pages/suggestion.js";
import * as suggestions from "./pages/suggestions.js";

const STAFF = ["county_staff", "city_viewer", "auditor"];

// Each menu entry: the roles that see it. What the pages then show is decided again by the service.
const MENU = [
  { path: "/", text: "驾驶舱", roles: [...STAFF, "township_staff"] },
  { path: "/suggestions", text: "建议督办", roles: [...STAFF, "handling_unit", "deputy"] },
  { path: "/deputies", text: "代表履职", roles: [...STAFF, "township_staff"] },
  { path: "/appointments", text: "人事任免", roles: STAFF },
];

const ROUTES = [
  [/^\/$/, dashboard],
  [/^\/suggestions$/, suggestions],
  [/^\/suggestions\/([0-9a-f-]{36})$/, suggestion],
  [/^\/deputies$/, deputies],
  [/^\/deputies\/([0-9a-f-]{36})$/, deputy],
  [/^\/stations\/([0-9a-f-]{36})$/, station],
  [/^\/appointments$/, appointments],
  [/^\/appointments\/([0-9a-f-]{36})$/, appointment],
];

const main = document.getElementById("main");
let current = null;
let disconnect = null;
let refreshTimer = null;

function home(role) {
  if (role === "handling_unit") return "/suggestions";
  if (role === "deputy") {
    const who = session.get();
    return who.deputy_id ? `/deputies/${who.deputy_id}` : "/suggestions";
  }
  return "/";
}

function parseHash() {
  const [path, search] = location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", query: Object.fromEntries(new URLSearchParams(search || "")) };
}

export function go(path, query) {
  const search = new URLSearchParams(Object.entries(query || {}).filter(([, value]) => value !== "" && value != null));
  const text = search.toString();
  location.hash = `#${path}${text ? `?${text}` : ""}`;
}

function renderLogin() {
  const message = h("div", { class: "form-message" });
  const form = h(
    "form",
    { class: "login", "data-testid": "login" },
    h("h1", {}, "人大代表履职平台"),
    h("p", { class: "muted" }, "县人大常委会 · 乡镇人大 · 代表联络站"),
    h("label", {}, h("span", {}, "用户名"), h("input", { name: "username", autocomplete: "username", required: true })),
    h(
      "label",
      {},
      h("span", {}, "密码"),
      h("input", { name: "password", type: "password", autocomplete: "current-password", required: true }),
    ),
    h("button", { type: "submit" }, "登录"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    try {
      const who = await api.login(values.get("username"), values.get("password"));
      go(home(who.role));
    } catch (error) {
      message.replaceChildren(errorBox(error));
    }
  });
  main.replaceChildren(form);
}

function renderChrome(who) {
  const nav = document.getElementById("nav");
  const { path } = parseHash();
  nav.replaceChildren(
    ...MENU.filter((entry) => entry.roles.includes(who.role)).map((entry) =>
      h("a", { href: `#${entry.path}`, class: path === entry.path ? "active" : null }, entry.text),
    ),
  );
  document.getElementById("who").textContent = `${who.display_name}（${LABELS.role[who.role] || who.role}）`;
  const logout = document.getElementById("logout");
  logout.hidden = false;
  logout.onclick = () => {
    session.clear();
    if (disconnect) disconnect();
    disconnect = null;
    location.hash = "#/login";
  };
}

function showLiveState(state) {
  const badge = document.getElementById("live");
  badge.textContent = state === "live" ? "● 实时" : "○ 离线";
  badge.className = `live ${state}`;
  badge.dataset.state = state;
}

/**
 * A page that exports WATCHED (the projections it shows) re-reads only on notices about those; one without
 * re-reads on every notice. Many notices arrive together when a batch lands, so the page re-reads once they
 * settle — and a notice about another read model never takes the place of one the page was waiting for.
 */
function onNotice(notice) {
  if (!current || !current.page.onLive) return;
  const watched = current.page.WATCHED;
  if (watched && notice && notice.projection && !watched.includes(notice.projection)) return;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => current && current.page.onLive(notice), 300);
}

async function route() {
  const who = session.get();
  const { path, query } = parseHash();
  if (!who) {
    document.getElementById("nav").replaceChildren();
    document.getElementById("who").textContent = "";
    document.getElementById("logout").hidden = true;
    document.getElementById("live").textContent = "";
    renderLogin();
    return;
  }
  if (path === "/login") return go(home(who.role));
  if (path === "/" && home(who.role) !== "/") return go(home(who.role));
  renderChrome(who);
  if (!disconnect) disconnect = connectLive({ onNotice, onState: showLiveState });
  const match = ROUTES.map(([pattern, page]) => [path.match(pattern), page]).find(([found]) => found);
  if (!match) {
    main.replaceChildren(h("p", {}, "页面不存在。"), h("a", { href: "#/" }, "返回首页"));
    return;
  }
  const [found, page] = match;
  // Each route draws into its own view: a page still reading when the user moves on draws into a view
  // that is no longer shown, never over the page that replaced it.
  const view = h("div", { class: "view" }, h("p", { class: "muted" }, "正在读取…"));
  main.replaceChildren(view);
  // A re-read planned for the page left behind is not the new page's.
  clearTimeout(refreshTimer);
  current = { page, params: found.slice(1), query };
  try {
    await page.render(view, { params: found.slice(1), query, who, go });
  } catch (error) {
    view.replaceChildren(errorBox(error));
  }
}

window.addEventListener("hashchange", route);
route();
