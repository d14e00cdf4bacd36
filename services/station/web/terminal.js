/* 代表联络站终端: a liaison station's tablet page. Every command is queued in localStorage first and
 * then sent, so a day without network loses nothing; command ids make resending safe. */

import { recordOpinion } from "./terminal_actions.js";
import { askForKey, changeKey, enter, saveKey } from "./terminal_key.js";
import { render } from "./terminal_render.js";
import { CACHE_STORE, KEY_STORE, QUEUE_STORE, loadQueue, readJson, state } from "./terminal_store.js";
import { flush, refresh, renderSync } from "./terminal_sync.js";

const RETRY_MS = 10000;
const REFRESH_MS = 30000;

function showTab(name) {
  state.tab = name;
  document.querySelectorAll(".tab").forEach(function (tab) {
    var active = tab.getAttribute("data-tab") === name;
    tab.classList.toggle("active", active);
    tab.setAttribute("aria-selected", active ? "true" : "false");
  });
  document.querySelectorAll(".panel").forEach(function (panel) {
    panel.hidden = panel.getAttribute("data-panel") !== name;
  });
}

function start() {
  document.getElementById("key-form").addEventListener("submit", saveKey);
  document.getElementById("opinion-form").addEventListener("submit", recordOpinion);
  document.getElementById("change-key").addEventListener("click", changeKey);
  document.getElementById("refresh").addEventListener("click", function () {
    flush().then(function () {
      return refresh();
    });
  });
  document.querySelectorAll(".tab").forEach(function (tab) {
    tab.addEventListener("click", function () {
      showTab(tab.getAttribute("data-tab"));
    });
  });
  window.addEventListener("online", function () {
    state.networkDown = false;
    renderSync();
    flush().then(function () {
      return refresh();
    });
  });
  window.addEventListener("offline", function () {
    state.networkDown = true;
    renderSync();
  });
  window.addEventListener("storage", function (event) {
    if (event.key === QUEUE_STORE) render();
  });
  setInterval(function () {
    if (state.key && loadQueue().length) flush();
  }, RETRY_MS);
  setInterval(function () {
    if (state.key && !state.flushing && document.visibilityState === "visible") refresh();
  }, REFRESH_MS);

  state.key = localStorage.getItem(KEY_STORE);
  var cache = readJson(CACHE_STORE, null);
  if (cache && cache.station) {
    state.station = cache.station;
    state.opinions = cache.opinions || [];
    state.receptions = cache.receptions || [];
  }
  if (!state.key) {
    askForKey("");
    renderSync();
    return;
  }
  enter();
  flush().then(function () {
    return refresh();
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
