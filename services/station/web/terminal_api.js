// The terminal API: every request carries the device key; errors come back as the platform states them,
// with field names in Chinese, and a request that never reached the service is a NetworkError.

import { FIELD_LABELS } from "./terminal_labels.js";
import { state } from "./terminal_store.js";

const API = "/api/v1/terminal";
const LEDGER_PAGE = 200;

export function NetworkError() {
  this.name = "NetworkError";
  this.message = "网络不通";
}

export function ApiError(status, error) {
  this.name = "ApiError";
  this.status = status;
  this.code = (error && error.code) || "HTTP_" + status;
  this.field = (error && error.field) || null;
  this.message = describeError(status, error);
}

export function describeError(status, error) {
  if (error && error.message) {
    var raw = error.field ? String(error.field) : "";
    var field = raw.replace(/^items\.\d+\./, "");
    var message = String(error.message);
    if (raw && FIELD_LABELS[field] && message.indexOf(raw + "：") === 0) {
      message = FIELD_LABELS[field] + "：" + message.slice(raw.length + 1);
    }
    return message;
  }
  if (status === 401) return "设备密钥无效，请重新输入";
  if (status >= 500) return "服务器暂时无法处理，请稍后重试";
  return "请求未成功（" + status + "）";
}

export function api(path, method, body) {
  var headers = { Accept: "application/json", "X-Device-Key": state.key || "" };
  var init = { method: method || "GET", headers: headers, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return fetch(API + path, init).then(
    function (response) {
      return response.text().then(function (text) {
        var payload = null;
        try {
          payload = text ? JSON.parse(text) : null;
        } catch (ignored) {
          payload = null;
        }
        if (!response.ok) throw new ApiError(response.status, payload && payload.error);
        return payload;
      });
    },
    function () {
      throw new NetworkError();
    }
  );
}

// A ledger the station serves a page at a time ({items, next_cursor}), read page after page to its end:
// the terminal acts on every opinion still open and keeps its station's ledgers for the days it is offline.
export function readAll(path) {
  var rows = [];
  function from(cursor) {
    var query = "?limit=" + LEDGER_PAGE + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    return api(path + query).then(function (page) {
      rows.push.apply(rows, page.items);
      return page.next_cursor ? from(page.next_cursor) : rows;
    });
  }
  return from(null);
}

// A refused command will be refused again: it leaves the queue. Anything else may pass on a retry.
export function isRefusal(error) {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 &&
    [401, 408, 429].indexOf(error.status) < 0;
}
