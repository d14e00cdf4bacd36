// The key that seals what the terminal keeps on the device (terminal_store.js): an AES-GCM key derived
// from the device key with PBKDF2 (SHA-256, a random salt stored beside the data), non-extractable and
// held only in this page's memory. The device key is never stored, so after a reload nothing stored can
// be read until the liaison enters the device key again; a sealed check value tells, even offline,
// whether the key entered is the one the data was sealed with.

export const VAULT_STORE = "renda.terminal.vault";

const ITERATIONS = 210000;
const CHECK = "renda.terminal";

var sealingKey = null;

// Web Crypto exists only in a secure context: https, or the page opened on the machine itself.
export function canSeal() {
  return !!(window.isSecureContext && window.crypto && window.crypto.subtle);
}

export function hasVault() {
  return canSeal() && readVault() !== null;
}

export function isUnlocked() {
  return sealingKey !== null;
}

// Resolves true when the device key opens the vault kept on this device; its key then stays in memory.
export function unlock(deviceKey) {
  var vault = canSeal() ? readVault() : null;
  if (!vault) return Promise.resolve(false);
  return derive(deviceKey, fromBase64(vault.salt), vault.iterations).then(function (key) {
    return decrypt(key, vault.check, "check").then(function (text) {
      if (text !== CHECK) return false;
      sealingKey = key;
      return true;
    }, function () {
      return false;
    });
  });
}

// A new vault for this device key: a fresh salt, and whatever was sealed before can no longer be read.
export function createVault(deviceKey) {
  if (!canSeal()) return Promise.resolve();
  var salt = window.crypto.getRandomValues(new Uint8Array(16));
  return derive(deviceKey, salt, ITERATIONS).then(function (key) {
    return encrypt(key, CHECK, "check").then(function (check) {
      localStorage.setItem(VAULT_STORE, JSON.stringify({ salt: toBase64(salt), iterations: ITERATIONS, check: check }));
      sealingKey = key;
    });
  });
}

export function removeVault() {
  localStorage.removeItem(VAULT_STORE);
  sealingKey = null;
}

// `label` is bound to the ciphertext (AES-GCM additional data), so a sealed value cannot be passed off
// as another: a queued command under another command's id, or as the cache.
export function seal(value, label) {
  if (!sealingKey) return Promise.reject(new Error("本机加密密钥未就绪"));
  return encrypt(sealingKey, JSON.stringify(value), label);
}

export function unseal(box, label) {
  if (!sealingKey) return Promise.reject(new Error("本机加密密钥未就绪"));
  return decrypt(sealingKey, box, label).then(JSON.parse);
}

function readVault() {
  try {
    var vault = JSON.parse(localStorage.getItem(VAULT_STORE) || "null");
    return vault && vault.salt && vault.check && vault.iterations ? vault : null;
  } catch (ignored) {
    return null;
  }
}

function derive(deviceKey, salt, iterations) {
  var subtle = window.crypto.subtle;
  return subtle.importKey("raw", new TextEncoder().encode(deviceKey), "PBKDF2", false, ["deriveKey"])
    .then(function (material) {
      return subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"]
      );
    });
}

function encrypt(key, text, label) {
  var iv = window.crypto.getRandomValues(new Uint8Array(12));
  var params = { name: "AES-GCM", iv: iv, additionalData: new TextEncoder().encode(label) };
  return window.crypto.subtle.encrypt(params, key, new TextEncoder().encode(text)).then(function (data) {
    return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
  });
}

function decrypt(key, box, label) {
  return Promise.resolve().then(function () {
    var params = { name: "AES-GCM", iv: fromBase64(box.iv), additionalData: new TextEncoder().encode(label) };
    return window.crypto.subtle.decrypt(params, key, fromBase64(box.data));
  }).then(function (plain) {
    return new TextDecoder().decode(plain);
  });
}

function toBase64(bytes) {
  var text = "";
  for (var i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text) {
  var raw = atob(text);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
