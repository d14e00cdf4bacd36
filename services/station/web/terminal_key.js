// The device key (设备密钥): entered each time the page opens and held only in memory. It opens what the
// terminal keeps sealed on the device (terminal_store.js) and is checked with the station; a refused key
// asks again.

import { NetworkError, api } from "./terminal_api.js";
import { notify } from "./terminal_dom.js";
import { render } from "./terminal_render.js";
import {
  discardStore, forgetCache, loadQueue, openStore, startStore, state, storeWasOpened, unreadableCount
} from "./terminal_store.js";
import { flush, refresh } from "./terminal_sync.js";
import { canSeal, hasVault, unlock } from "./terminal_vault.js";

// A key the station accepted, held while the liaison decides to give up records sealed under another.
var offered = null;
var checking = false;

export function askForKey(message) {
  document.getElementById("key-setup").hidden = false;
  document.getElementById("app").hidden = true;
  document.getElementById("footer").hidden = true;
  showError(message);
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
    showError("请输入设备密钥");
    return;
  }
  useKey(key);
}

// Open the device's vault with the key if it can, then check the key with the station.
export function useKey(key) {
  if (checking) return Promise.resolve();
  checking = true;
  showError("");
  offerDiscard(null);
  return unlock(key)
    .then(function (opened) {
      return (opened ? openStore() : Promise.resolve()).then(function () {
        state.key = key;
        return api("/station").then(function (station) {
          return accepted(key, opened, station);
        }, function (error) {
          return notAccepted(key, opened, error);
        });
      });
    })
    .catch(function (error) {
      state.key = null;
      showError("本机无法打开加密保存的记录：" + ((error && error.message) || error));
    })
    .then(function () {
      checking = false;
    });
}

function accepted(key, opened, station) {
  state.station = station;
  if (opened) return admit();
  var unreadable = unreadableCount();
  if (unreadable) {
    state.key = null;
    offerDiscard({ key: key, station: station });
    showError("本机有 " + unreadable + " 条未上传的记录，是用原来的设备密钥加密保存的。请先输入原来的密钥" +
      "（已停用的也可以）打开它们，再输入新密钥上传；找不到原密钥的，可以放弃这些记录。");
    return null;
  }
  return startStore(key).then(admit);
}

function notAccepted(key, opened, error) {
  if (error instanceof NetworkError) {
    state.networkDown = true;
    if (opened) return admit();
    // First use without network, or a key changed in a session that holds the queue: the key is
    // checked when the network is back, as before. Otherwise a key that does not open the device's
    // records is most likely mistyped.
    if (!hasVault() || storeWasOpened()) return startStore(key).then(admit);
    state.key = null;
    showError("设备密钥与本机加密保存的记录不符，请核对后重新输入");
    return null;
  }
  state.key = null;
  var waiting = opened ? loadQueue().length : 0;
  showError(waiting
    ? error.message + "。本机 " + waiting + " 条未上传的记录已打开，输入新的设备密钥即可上传"
    : error.message);
  return null;
}

function admit() {
  document.getElementById("device-key-input").value = "";
  enter();
  if (!canSeal()) {
    notify("error", "本页面不是通过 HTTPS 打开的，浏览器无法加密保存：未上传的记录只保留到刷新或关闭本页之前");
  }
  flush().then(function () {
    return refresh();
  });
}

function offerDiscard(choice) {
  offered = choice;
  document.getElementById("discard-queue").hidden = !choice;
}

export function discardAndEnter() {
  if (!offered) return;
  var chosen = offered;
  offerDiscard(null);
  showError("");
  discardStore();
  state.key = chosen.key;
  state.station = chosen.station;
  startStore(chosen.key).then(admit);
}

// The queue stays open in memory, so it is sealed again under the new key once the station accepts it.
export function changeKey() {
  forgetCache();
  state.station = null;
  state.opinions = [];
  state.receptions = [];
  state.key = null;
  askForKey("");
}

function showError(message) {
  document.getElementById("key-error").textContent = message || "";
}
