// Building the page: an element builder, regions rebuilt only when what they show changed, dates and
// times in Chinese, and the messages shown at the top.

import { WEEKDAYS } from "./terminal_labels.js";

export function h(tag, attrs) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    var value = attrs[name];
    if (value === null || value === undefined || value === false) return;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else if (name.indexOf("on") === 0) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  });
  for (var i = 2; i < arguments.length; i++) {
    var child = arguments[i];
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      child.forEach(function (c) {
        if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
      });
    } else {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

// Rebuild a region only when what it shows changed, keeping what the user is typing.
export function renderInto(container, signature, build) {
  var sig = JSON.stringify(signature);
  if (container.getAttribute("data-sig") === sig) return;
  var kept = {};
  container.querySelectorAll("[data-keep]").forEach(function (input) {
    kept[input.getAttribute("data-keep")] = input.value;
  });
  container.replaceChildren(build());
  container.querySelectorAll("[data-keep]").forEach(function (input) {
    var name = input.getAttribute("data-keep");
    if (Object.prototype.hasOwnProperty.call(kept, name)) input.value = kept[name];
  });
  container.setAttribute("data-sig", sig);
}

export function formatDate(text) {
  if (!text) return "";
  var parts = String(text).slice(0, 10).split("-").map(Number);
  var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  return parts[0] + "年" + parts[1] + "月" + parts[2] + "日 星期" + WEEKDAYS[day.getUTCDay()];
}

export function shortDate(text) {
  if (!text) return "";
  var parts = String(text).slice(0, 10).split("-").map(Number);
  return parts[0] + "年" + parts[1] + "月" + parts[2] + "日";
}

export function formatTime(text) {
  if (!text) return "";
  var when = new Date(text);
  if (isNaN(when.getTime())) return String(text);
  var pad = function (n) {
    return n < 10 ? "0" + n : String(n);
  };
  return (when.getMonth() + 1) + "月" + when.getDate() + "日 " + pad(when.getHours()) + ":" + pad(when.getMinutes());
}

export function notify(kind, text) {
  var box = document.getElementById("messages");
  // Confirmations replace each other so the page does not jump; errors stay until read.
  if (kind !== "error") {
    box.querySelectorAll(".msg:not(.error)").forEach(function (old) {
      old.remove();
    });
  }
  var message = h("div", { className: "msg " + kind, "data-testid": "message-" + kind, role: kind === "error" ? "alert" : "status" },
    h("span", { text: text }),
    h("button", {
      type: "button", className: "close", "aria-label": "关闭", text: "×",
      onclick: function () {
        message.remove();
      }
    }));
  box.appendChild(message);
  while (box.children.length > 4) box.firstChild.remove();
  if (kind !== "error") {
    setTimeout(function () {
      message.remove();
    }, 6000);
  }
}

export function formError(id, text) {
  var node = document.getElementById(id);
  if (node) node.textContent = text || "";
}
