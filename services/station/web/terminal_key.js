// The device key (设备密钥): asked for once and kept on the terminal; a refused key asks again.

import { NetworkError, api } from "./terminal_api.js";
import { render } from "./terminal_render.js";
import { CACHE_STORE, KEY_STORE, state } from "./terminal_store.js";
import { flush, refresh } from "./terminal_sync.js";

export function askForKey(message) {
  document.getElementById("key-setup").hidden = false;
  document.getElementById("app").hidden = true;
  document.getElementById("footer").hidden = true;
  document.getElementById("key-error").textContent = message || "";
  document.getElementById("device-key-input").focus();
}

export function enter() {
  document.getElementById("key-setup").hidden = true;
  document.getElementById("app").hidden = false;
  document.getElementById("footer").hidden = false;
  render();
}

export function saveKey(event) {
  event.preventDefault();
  var key = document.getElementById("device-key-input").value.trim();
  if (!key) {
    document.getElementById("key-error").textContent = "请输入设备密钥";
    return;
  }
  state.key = key;
  document.getElementById("key-error").textContent = "";
  api("/station").then(
    function (station) {
      localStorage.setItem(KEY_STORE, key);
      document.getElementById("device-key-input").value = "";
      state.station = station;
      enter();
      refresh();
      flush();
    },
    function (error) {
      if (error instanceof NetworkError) {
        // First use without network: keep the key; it is checked when the network is back.
        localStorage.setItem(KEY_STORE, key);
        state.networkDown = true;
        enter();
        return;
      }
      state.key = null;
      document.getElementById("key-error").textContent = error.message;
    }
  );
}

export function changeKey() {
  localStorage.removeItem(KEY_STORE);
  localStorage.removeItem(CACHE_STORE);
  state.station = null;
  state.opinions = [];
  state.receptions = [];
  state.key = null;
  askForKey("");
}
