// What the terminal keeps in localStorage: the device key, the queue of commands not yet sent, and the
// last data seen, so the page opens and works offline. `state` is what the page shows now.

export const KEY_STORE = "renda.terminal.deviceKey";
export const QUEUE_STORE = "renda.terminal.queue";
export const CACHE_STORE = "renda.terminal.cache";

export const state = {
  key: null,
  station: null,
  opinions: [],
  receptions: [],
  networkDown: false,
  flushing: false,
  flushAgain: false,
  awaited: [],
  tab: "today",
  openLeave: null,
  openSolve: null
};

export function readJson(name, fallback) {
  try {
    var raw = localStorage.getItem(name);
    return raw ? JSON.parse(raw) : fallback;
  } catch (ignored) {
    return fallback;
  }
}

export function loadQueue() {
  var queue = readJson(QUEUE_STORE, []);
  return Array.isArray(queue) ? queue : [];
}

export function saveQueue(queue) {
  localStorage.setItem(QUEUE_STORE, JSON.stringify(queue));
}

export function dropFromQueue(commandIds) {
  saveQueue(loadQueue().filter(function (item) {
    return commandIds.indexOf(item.command_id) < 0;
  }));
}

export function saveCache() {
  localStorage.setItem(CACHE_STORE, JSON.stringify({
    station: state.station,
    opinions: state.opinions,
    receptions: state.receptions
  }));
}

export function queued(type) {
  return loadQueue().filter(function (item) {
    return item.type === type;
  });
}

export function newCommandId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
  // randomUUID needs a secure context; a terminal on a plain-http intranet address still has getRandomValues.
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) {
    return (b + 0x100).toString(16).slice(1);
  }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" +
    hex.slice(20);
}
