/* 代表联络站终端: a liaison station's tablet page. Every command is queued in localStorage first, sealed
 * under a key derived from the device key (terminal_store.js), and then sent, so a day without network
 * loses nothing; command ids make resending safe. The device key is entered each time the page opens. */

import { recordOpinion } from "./terminal_actions.js";
import { askForKey, changeKey, discardAndEnter, saveKey, useKey } from "./terminal_key.js";
import { render } from "./terminal_render.js";
import { QUEUE_STORE, adoptLegacyData, loadQueue, readStoredChanges, state } from "./terminal_store.js";
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
  document.getElementById("discard-queue").addEventListener("click", discardAndEnter);
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
    if (event.key === QUEUE_STORE) readStoredChanges().then(render);
  });
  setInterval(function () {
    if (state.key && loadQueue().length) flush();
  }, RETRY_MS);
  setInterval(function () {
    if (state.key && !state.flushing && document.visibilityState === "visible") refresh();
  }, REFRESH_MS);

  var legacyKey = adoptLegacyData();
  askForKey("");
  renderSync();
  if (legacyKey) useKey(legacyKey);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
