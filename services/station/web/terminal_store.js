// What the terminal keeps in localStorage so the page works offline: the queue of commands not yet
// uploaded and the last data seen. `state` is what the page shows now.
//
// Queued commands carry voters' names and phones, so the device keeps as little as it can, sealed:
// - only what the station has not acknowledged waits: a command leaves the queue the moment the station
//   answers it (its own answer, or its result in a batch upload), accepted or refused;
// - every queued command, whole, and the last data seen are encrypted with AES-GCM under a key derived
//   from the device key (terminal_vault.js). The device key is not stored: after a reload the liaison
//   enters it again, the queue opens and uploads; without it nothing stored can be read. A queue entry
//   shows only its random command id, so an acknowledged one is wiped without opening the others;
// - a page opened over plain http has no Web Crypto: its queue then lives in the page's memory only,
//   until it is uploaded or the page is closed, and the page says so.
// A terminal that kept its device key and queue in clear before hands them over once on opening: the
// key is wiped from storage and the queue sealed as soon as the vault opens.

import { canSeal, createVault, isUnlocked, removeVault, seal, unseal } from "./terminal_vault.js";

export const QUEUE_STORE = "renda.terminal.queue";
export const CACHE_STORE = "renda.terminal.cache";
const LEGACY_KEY_STORE = "renda.terminal.deviceKey";

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

var items = {};
var acknowledged = {};
var memoryQueue = [];
var opened = false;

function readJson(name, fallback) {
  try {
    var raw = localStorage.getItem(name);
    return raw ? JSON.parse(raw) : fallback;
  } catch (ignored) {
    return fallback;
  }
}

function entries() {
  if (!canSeal()) return memoryQueue;
  var stored = readJson(QUEUE_STORE, []);
  return Array.isArray(stored) ? stored : [];
}

function writeEntries(list) {
  if (!canSeal()) memoryQueue = list;
  else if (list.length) localStorage.setItem(QUEUE_STORE, JSON.stringify(list));
  else localStorage.removeItem(QUEUE_STORE);
}

function entryId(entry) {
  return entry.id || entry.command_id;
}

function sealEntry(item) {
  if (!canSeal()) return Promise.resolve({ id: item.command_id });
  return seal(item, item.command_id).then(function (box) {
    return { id: item.command_id, iv: box.iv, data: box.data };
  });
}

// The commands waiting, in order, as far as this page can read them.
export function loadQueue() {
  return entries().map(function (entry) {
    return items[entryId(entry)];
  }).filter(Boolean);
}

// How many commands wait on the device, readable or not: shown before the device key is entered.
export function pendingCount() {
  return entries().length;
}

// Commands waiting that the key now held cannot open: sealed under a previous device key.
export function unreadableCount() {
  return entries().filter(function (entry) {
    return !items[entryId(entry)];
  }).length;
}

export function storeWasOpened() {
  return opened;
}

export function queued(type) {
  return loadQueue().filter(function (item) {
    return item.type === type;
  });
}

// Sealed first, then added: the command is on the device before the page shows it or sends it.
export function addToQueue(item) {
  return sealEntry(item).then(function (entry) {
    items[item.command_id] = item;
    var list = entries();
    list.push(entry);
    writeEntries(list);
    return list.length;
  });
}

export function dropFromQueue(commandIds) {
  commandIds.forEach(function (id) {
    acknowledged[id] = true;
    delete items[id];
  });
  writeEntries(entries().filter(function (entry) {
    return commandIds.indexOf(entryId(entry)) < 0;
  }));
}

// Takes what an earlier version of the page kept in clear: returns the device key it stored (and wipes
// it), moves the plain cache into memory and reads the plain queue; both are sealed once the vault opens.
export function adoptLegacyData() {
  var legacyKey = localStorage.getItem(LEGACY_KEY_STORE);
  localStorage.removeItem(LEGACY_KEY_STORE);
  var cache = readJson(CACHE_STORE, null);
  if (cache && !cache.iv) {
    localStorage.removeItem(CACHE_STORE);
    if (cache.station) {
      state.station = cache.station;
      state.opinions = cache.opinions || [];
      state.receptions = cache.receptions || [];
    }
  }
  var stored = readJson(QUEUE_STORE, []);
  var plain = (Array.isArray(stored) ? stored : []).filter(function (entry) {
    return entry && entry.type && entry.command_id;
  });
  plain.forEach(function (item) {
    items[item.command_id] = item;
  });
  if (!canSeal() && plain.length) {
    memoryQueue = plain.map(function (item) {
      return { id: item.command_id };
    });
    localStorage.removeItem(QUEUE_STORE);
  }
  return legacyKey;
}

// Reads the sealed commands this page does not hold yet (after the vault opened, or another tab queued).
export function readStoredChanges() {
  if (!isUnlocked()) return Promise.resolve();
  return Promise.all(entries().map(function (entry) {
    if (!entry.iv || items[entry.id]) return null;
    return unseal(entry, entry.id).then(function (item) {
      items[entry.id] = item;
    }, function () {
      return null;
    });
  }));
}

// The vault opened with the device key: read what waits and the last data seen.
export function openStore() {
  opened = true;
  return readStoredChanges().then(function () {
    return resealQueue(true);
  }).then(loadCache).then(function () {
    if (state.station) saveCache();
  });
}

// A new vault for a device key the station accepted (or, offline, the first one): the commands this page
// holds are sealed again under it; what it cannot read, sealed under a previous key, is given up.
export function startStore(deviceKey) {
  return createVault(deviceKey).then(function () {
    opened = true;
    localStorage.removeItem(CACHE_STORE);
    if (state.station) saveCache();
    return resealQueue(false);
  });
}

export function discardStore() {
  items = {};
  memoryQueue = [];
  localStorage.removeItem(QUEUE_STORE);
  localStorage.removeItem(CACHE_STORE);
  removeVault();
}

function resealQueue(keepUnreadable) {
  var list = entries();
  var plain = list.some(function (entry) {
    return !entry.iv && entry.type;
  });
  if (keepUnreadable && !plain) return Promise.resolve();
  return Promise.all(list.map(function (entry) {
    var item = items[entryId(entry)];
    if (item) return sealEntry(item);
    return keepUnreadable ? entry : null;
  })).then(function (sealed) {
    writeEntries(sealed.filter(function (entry) {
      return entry && !acknowledged[entry.id];
    }));
  });
}

export function saveCache() {
  if (!isUnlocked()) return;
  var snapshot = { station: state.station, opinions: state.opinions, receptions: state.receptions };
  seal(snapshot, "cache").then(function (box) {
    localStorage.setItem(CACHE_STORE, JSON.stringify(box));
  }, function () {
    localStorage.removeItem(CACHE_STORE);
  });
}

export function forgetCache() {
  localStorage.removeItem(CACHE_STORE);
}

function loadCache() {
  var box = readJson(CACHE_STORE, null);
  if (!box || !box.iv) return Promise.resolve();
  return unseal(box, "cache").then(function (cache) {
    if (!cache || !cache.station || state.station) return;
    state.station = cache.station;
    state.opinions = cache.opinions || [];
    state.receptions = cache.receptions || [];
  }, function () {
    localStorage.removeItem(CACHE_STORE);
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
