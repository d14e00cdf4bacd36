/* 代表联络站终端: a liaison station's tablet page. Every command is queued in localStorage first and
 * then sent, so a day without network loses nothing; command ids make resending safe. */
(function () {
  "use strict";

  var API = "/api/v1/terminal";
  var KEY_STORE = "renda.terminal.deviceKey";
  var QUEUE_STORE = "renda.terminal.queue";
  var CACHE_STORE = "renda.terminal.cache";
  var RETRY_MS = 10000;
  var REFRESH_MS = 30000;
  var BATCH_SIZE = 200;
  var PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

  var ENDPOINTS = {
    schedule_reception: "/receptions",
    hold_reception: "/receptions/held",
    check_in: "/check-ins",
    request_leave: "/leaves",
    record_opinion: "/opinions",
    solve_on_spot: "/opinions/solved",
    refer_to_township: "/opinions/referred",
    give_feedback: "/opinions/feedback"
  };
  var COMMAND_LABELS = {
    schedule_reception: "安排接待活动",
    hold_reception: "记录活动举行",
    check_in: "代表签到",
    request_leave: "代表请假",
    record_opinion: "登记意见",
    solve_on_spot: "当场解决",
    refer_to_township: "转交乡镇",
    give_feedback: "反馈群众"
  };
  var KIND_LABELS = {
    reception_day: "接待日",
    activity_day: "代表活动日",
    voter_meeting: "选民见面会",
    inspection: "视察",
    survey: "调研"
  };
  var STATUS_LABELS = {
    recorded: "待处理",
    solved_on_spot: "当场解决",
    referred: "已转交乡镇",
    answered: "乡镇已答复",
    closed: "已办结"
  };
  var OUTCOME_LABELS = { solved: "已解决", in_coordination: "协调中" };
  var LEVEL_LABELS = {
    national: "全国人大代表",
    provincial: "省人大代表",
    city: "市人大代表",
    county: "县人大代表",
    township: "乡镇人大代表"
  };
  var FIELD_LABELS = {
    category: "类别",
    content: "意见内容",
    place: "地点",
    voter_name: "群众姓名",
    voter_phone: "联系电话",
    voters_received: "接待群众人数",
    topics: "议题",
    notes: "记录",
    reason: "请假事由",
    resolution: "解决情况",
    occurred_at: "发生时间",
    scheduled_on: "日期",
    held_on: "举行日期",
    reception_id: "接待活动",
    deputy_id: "代表",
    opinion_id: "意见"
  };
  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

  var state = {
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

  // ---- errors and the API ----

  function NetworkError() {
    this.name = "NetworkError";
    this.message = "网络不通";
  }

  function ApiError(status, error) {
    this.name = "ApiError";
    this.status = status;
    this.code = (error && error.code) || "HTTP_" + status;
    this.field = (error && error.field) || null;
    this.message = describeError(status, error);
  }

  function describeError(status, error) {
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

  function api(path, method, body) {
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

  // A refused command will be refused again: it leaves the queue. Anything else may pass on a retry.
  function isRefusal(error) {
    return error instanceof ApiError && error.status >= 400 && error.status < 500 &&
      [401, 408, 429].indexOf(error.status) < 0;
  }

  // ---- local storage: the key, the queue, the last data seen ----

  function readJson(name, fallback) {
    try {
      var raw = localStorage.getItem(name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (ignored) {
      return fallback;
    }
  }

  function loadQueue() {
    var queue = readJson(QUEUE_STORE, []);
    return Array.isArray(queue) ? queue : [];
  }

  function saveQueue(queue) {
    localStorage.setItem(QUEUE_STORE, JSON.stringify(queue));
  }

  function dropFromQueue(commandIds) {
    saveQueue(loadQueue().filter(function (item) {
      return commandIds.indexOf(item.command_id) < 0;
    }));
  }

  function saveCache() {
    localStorage.setItem(CACHE_STORE, JSON.stringify({
      station: state.station,
      opinions: state.opinions,
      receptions: state.receptions
    }));
  }

  function newCommandId() {
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

  // ---- commands: queue first, then send ----

  function enqueue(type, body) {
    var item = { type: type, command_id: newCommandId(), occurred_at: new Date().toISOString() };
    Object.keys(body).forEach(function (name) {
      item[name] = body[name];
    });
    var queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
    if (!navigator.onLine) notify("info", "网络未连接，“" + COMMAND_LABELS[type] + "”已存入本机，联网后自动上传");
    render();
    flush({ direct: queue.length === 1 });
    return item;
  }

  // A command made online with nothing else waiting goes to its own endpoint; whatever waited in the
  // queue (offline, or after a failure) is uploaded in order with one batch request.
  function flush(options) {
    var direct = !!(options && options.direct);
    if (state.flushing) {
      state.flushAgain = true;
      return Promise.resolve();
    }
    if (!state.key) return Promise.resolve();
    state.flushing = true;
    renderSync();
    return sendNext(state.awaited, direct)
      .then(function () {
        state.networkDown = false;
      }, function (error) {
        if (error instanceof NetworkError) {
          state.networkDown = true;
        } else if (error instanceof ApiError && error.status === 401) {
          askForKey(error.message);
        } else {
          notify("error", "上传暂未成功，稍后自动重试：" + error.message);
        }
      })
      .then(function () {
        state.flushing = false;
        renderSync();
        var again = state.flushAgain;
        state.flushAgain = false;
        if (again) return flush();
        var awaited = state.awaited.splice(0);
        if (awaited.length) return refresh(awaited);
        render();
      });
  }

  function sendNext(awaited, direct) {
    var queue = loadQueue();
    if (!queue.length || !navigator.onLine) {
      if (queue.length) state.networkDown = true;
      return Promise.resolve();
    }
    var step = direct && queue.length === 1
      ? sendOne(queue[0], awaited)
      : sendBatch(queue.slice(0, BATCH_SIZE), awaited);
    return step.then(function () {
      return sendNext(awaited, false);
    });
  }

  function sendOne(item, awaited) {
    return api(ENDPOINTS[item.type], "POST", item).then(
      function (result) {
        dropFromQueue([item.command_id]);
        awaited.push.apply(awaited, result.event_ids || []);
        notify("ok", "已保存：" + COMMAND_LABELS[item.type]);
      },
      function (error) {
        if (!isRefusal(error)) throw error;
        dropFromQueue([item.command_id]);
        notify("error", "“" + COMMAND_LABELS[item.type] + "”未被接受：" + error.message);
      }
    );
  }

  function sendBatch(items, awaited) {
    return api("/batch", "POST", { items: items }).then(function (result) {
      var done = [];
      result.results.forEach(function (outcome) {
        var item = items[outcome.index];
        if (!item) return;
        done.push(item.command_id);
        if (outcome.ok) {
          awaited.push.apply(awaited, (outcome.result && outcome.result.event_ids) || []);
        } else {
          notify("error", "离线记录“" + COMMAND_LABELS[item.type] + "”未被接受：" +
            describeError(422, outcome.error));
        }
      });
      dropFromQueue(done);
      if (result.accepted) notify("ok", "已上传 " + result.accepted + " 条离线记录");
    });
  }

  // ---- reads ----

  function refresh(awaited) {
    if (!state.key) return Promise.resolve();
    if (!navigator.onLine) {
      state.networkDown = true;
      render();
      return Promise.resolve();
    }
    // Events of different records may reach the ledger in any order: wait for each recent one, briefly.
    var waits = (awaited || []).slice(-5).map(function (eventId) {
      return api("/station?wait_for=" + encodeURIComponent(eventId)).catch(function (error) {
        if (error instanceof NetworkError) throw error;
        return null;
      });
    });
    return Promise.all(waits)
      .then(function () {
        return Promise.all([api("/station"), api("/ledger/opinions"), api("/ledger/receptions")]);
      })
      .then(function (results) {
        state.station = results[0];
        state.opinions = results[1];
        state.receptions = results[2];
        state.networkDown = false;
        saveCache();
        render();
      }, function (error) {
        if (error instanceof NetworkError) {
          state.networkDown = true;
          render();
        } else if (error instanceof ApiError && error.status === 401) {
          askForKey(error.message);
        } else {
          notify("error", error.message || "读取数据失败");
        }
      });
  }

  // ---- what the page shows ----

  function h(tag, attrs) {
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
  function renderInto(container, signature, build) {
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

  function formatDate(text) {
    if (!text) return "";
    var parts = String(text).slice(0, 10).split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return parts[0] + "年" + parts[1] + "月" + parts[2] + "日 星期" + WEEKDAYS[day.getUTCDay()];
  }

  function shortDate(text) {
    if (!text) return "";
    var parts = String(text).slice(0, 10).split("-").map(Number);
    return parts[0] + "年" + parts[1] + "月" + parts[2] + "日";
  }

  function formatTime(text) {
    if (!text) return "";
    var when = new Date(text);
    if (isNaN(when.getTime())) return String(text);
    var pad = function (n) {
      return n < 10 ? "0" + n : String(n);
    };
    return (when.getMonth() + 1) + "月" + when.getDate() + "日 " + pad(when.getHours()) + ":" + pad(when.getMinutes());
  }

  function queued(type) {
    return loadQueue().filter(function (item) {
      return item.type === type;
    });
  }

  function todayReception() {
    var list = (state.station && state.station.today_receptions) || [];
    return list.length ? list[0] : null;
  }

  function pendingTodaySchedule() {
    var today = state.station && state.station.today;
    return queued("schedule_reception").filter(function (item) {
      return item.scheduled_on === today;
    })[0] || null;
  }

  function render() {
    renderSync();
    if (!state.station) return;
    var station = state.station;
    document.getElementById("station-name").textContent = station.name;
    document.getElementById("station-today").textContent = "今天是 " + formatDate(station.today);
    renderReception();
    renderDeputies();
    renderOpinionHint();
    renderOpenOpinions();
    renderLedgerOpinions();
    renderLedgerReceptions();
  }

  function renderSync() {
    var pending = loadQueue().length;
    var offline = !navigator.onLine || state.networkDown;
    var box = document.getElementById("sync-status");
    var text;
    if (offline) text = "离线：" + pending + " 条待上传";
    else if (pending && state.flushing) text = "正在上传：" + pending + " 条";
    else if (pending) text = "待上传：" + pending + " 条";
    else text = "在线，已全部上传";
    document.getElementById("sync-text").textContent = text;
    box.setAttribute("data-pending", String(pending));
    box.className = "sync " + (offline ? "offline" : pending ? "pending" : "ok");
  }

  function renderReception() {
    var reception = todayReception();
    var pendingSchedule = reception ? null : pendingTodaySchedule();
    var pendingHold = reception && queued("hold_reception").some(function (item) {
      return item.reception_id === reception.reception_id;
    });
    renderInto(
      document.getElementById("reception-card"),
      { reception: reception, pendingSchedule: !!pendingSchedule, pendingHold: !!pendingHold },
      function () {
        if (pendingSchedule) {
          return h("div", { className: "notice", "data-testid": "reception-pending" },
            h("p", { className: "big-text", text: "今日接待日已安排（待上传）" }),
            h("p", { className: "hint", text: "上传后即可记录举行情况和代表签到。" }));
        }
        if (!reception) {
          return h("div", { className: "empty" },
            h("p", { className: "big-text", text: "今天还没有安排接待活动。" }),
            h("button", {
              type: "button", id: "schedule-reception", "data-testid": "schedule-reception",
              className: "btn primary big", text: "安排今日接待日", onclick: scheduleToday
            }));
        }
        var head = h("div", { className: "reception-head" },
          h("span", { className: "kind", text: KIND_LABELS[reception.kind] || reception.kind }),
          h("span", { className: "date", text: shortDate(reception.scheduled_on) }),
          h("span", {
            className: "badge " + (reception.held_on ? "done" : pendingHold ? "wait" : "open"),
            "data-testid": "reception-status",
            text: reception.held_on ? "已举行" : pendingHold ? "已举行（待上传）" : "已安排，待举行"
          }));
        if (reception.held_on) {
          return h("div", { "data-reception-id": reception.reception_id }, head,
            h("dl", { className: "facts" },
              h("dt", { text: "接待群众" }),
              h("dd", { "data-testid": "reception-voters", text: reception.voters_received + " 人" }),
              h("dt", { text: "议题" }),
              h("dd", { text: reception.topics.length ? reception.topics.join("、") : "无" }),
              h("dt", { text: "记录" }),
              h("dd", { text: reception.notes || "无" })));
        }
        if (pendingHold) return h("div", { "data-reception-id": reception.reception_id }, head);
        return h("div", { "data-reception-id": reception.reception_id }, head,
          h("form", { id: "hold-form", className: "form-grid", novalidate: true, onsubmit: holdToday },
            h("label", { "for": "held-voters", text: "接待群众人数" }),
            h("input", {
              id: "held-voters", "data-testid": "held-voters", "data-keep": "held-voters", type: "number",
              inputmode: "numeric", min: "0", max: "100000", placeholder: "人数"
            }),
            h("label", { "for": "held-topics", text: "议题" }),
            h("input", {
              id: "held-topics", "data-testid": "held-topics", "data-keep": "held-topics",
              placeholder: "多个议题用顿号或逗号隔开"
            }),
            h("label", { "for": "held-notes", text: "活动记录" }),
            h("textarea", {
              id: "held-notes", "data-testid": "held-notes", "data-keep": "held-notes", rows: "3", maxlength: "5000"
            }),
            h("div", { className: "form-actions" },
              h("button", {
                type: "submit", id: "hold-reception", "data-testid": "hold-reception", className: "btn primary big",
                text: "记录已举行"
              })),
            h("p", { id: "hold-error", className: "form-error", "data-testid": "hold-error", role: "alert" })));
      });
  }

  function attendanceOf(reception, deputyId) {
    if (!reception) return null;
    var row = (reception.deputies || []).filter(function (d) {
      return d.deputy_id === deputyId;
    })[0];
    if (row) return row.status;
    var pending = loadQueue().filter(function (item) {
      return (item.type === "check_in" || item.type === "request_leave") &&
        item.reception_id === reception.reception_id && item.deputy_id === deputyId;
    })[0];
    if (pending) return pending.type === "check_in" ? "checked_in_pending" : "on_leave_pending";
    return null;
  }

  var ATTENDANCE_LABELS = {
    checked_in: "已签到",
    on_leave: "已请假",
    checked_in_pending: "已签到（待上传）",
    on_leave_pending: "已请假（待上传）"
  };

  function renderDeputies() {
    var reception = todayReception();
    var deputies = (state.station && state.station.deputies) || [];
    var rows = deputies.map(function (deputy) {
      return { id: deputy.deputy_id, name: deputy.name, level: deputy.level, status: attendanceOf(reception, deputy.deputy_id) };
    });
    renderInto(
      document.getElementById("deputy-list"),
      { rows: rows, reception: reception && reception.reception_id, open: state.openLeave },
      function () {
        if (!rows.length) {
          return h("p", { className: "empty", text: "本站暂无进站代表（名单来自县人大代表名册）。" });
        }
        var list = h("ul", { className: "deputies" });
        if (!reception) {
          list.appendChild(h("li", { className: "hint", text: "请先安排今日接待，再为代表签到或请假。" }));
        }
        rows.forEach(function (row) {
          var actions = null;
          if (reception && !row.status) {
            actions = state.openLeave === row.id
              ? h("div", { className: "leave-form" },
                h("input", {
                  "data-testid": "leave-reason", "data-keep": "leave-" + row.id, maxlength: "500",
                  placeholder: "请假事由", "aria-label": "请假事由"
                }),
                h("button", {
                  type: "button", className: "btn primary", "data-testid": "leave-confirm", text: "确认请假",
                  onclick: function (event) {
                    requestLeave(row.id, event.target.parentNode.querySelector("input").value);
                  }
                }),
                h("button", {
                  type: "button", className: "btn subtle", text: "取消",
                  onclick: function () {
                    state.openLeave = null;
                    render();
                  }
                }))
              : h("div", { className: "actions" },
                h("button", {
                  type: "button", className: "btn primary", "data-testid": "check-in", text: "签到",
                  onclick: function () {
                    checkIn(row.id);
                  }
                }),
                h("button", {
                  type: "button", className: "btn", "data-testid": "leave", text: "请假",
                  onclick: function () {
                    state.openLeave = row.id;
                    render();
                  }
                }));
          }
          list.appendChild(h("li", { className: "deputy", "data-testid": "deputy-row", "data-deputy-id": row.id },
            h("div", { className: "who" },
              h("span", { className: "name", "data-testid": "deputy-name", text: row.name }),
              h("span", { className: "level", text: LEVEL_LABELS[row.level] || "" })),
            h("span", {
              className: "badge " + (!row.status ? "open" : row.status.indexOf("pending") > 0 ? "wait"
                : row.status === "on_leave" ? "leave" : "done"),
              "data-testid": "deputy-status",
              text: row.status ? ATTENDANCE_LABELS[row.status] : reception ? "未签到" : "—"
            }),
            actions));
        });
        return list;
      });
  }

  function renderOpinionHint() {
    var reception = todayReception();
    document.getElementById("opinion-reception-hint").textContent = reception
      ? "本次登记将计入今日" + (KIND_LABELS[reception.kind] || "活动") + "。"
      : "今日没有接待活动，意见将作为日常来访登记。";
  }

  function pendingHandling(opinionId) {
    return loadQueue().filter(function (item) {
      return (item.type === "solve_on_spot" || item.type === "refer_to_township") && item.opinion_id === opinionId;
    })[0] || null;
  }

  function renderOpenOpinions() {
    var open = state.opinions.filter(function (o) {
      return o.status === "recorded";
    }).map(function (o) {
      var handling = pendingHandling(o.opinion_id);
      return {
        id: o.opinion_id, category: o.category, content: o.content, voter: o.voter_name, at: o.recorded_at,
        handling: handling && handling.type
      };
    });
    var unsent = queued("record_opinion").map(function (item) {
      return { id: item.command_id, category: item.category, content: item.content, voter: item.voter_name, at: item.occurred_at };
    });
    renderInto(
      document.getElementById("open-opinions"),
      { open: open, unsent: unsent, solving: state.openSolve },
      function () {
        if (!open.length && !unsent.length) return h("p", { className: "empty", text: "没有待办理的意见。" });
        var list = h("ul", { className: "opinions" });
        unsent.forEach(function (o) {
          list.appendChild(h("li", { className: "opinion", "data-testid": "unsent-opinion" },
            opinionSummary(o),
            h("span", { className: "badge wait", "data-testid": "opinion-status", text: "待上传" }),
            h("p", { className: "hint", text: "上传后可当场解决或转交乡镇。" })));
        });
        open.forEach(function (o) {
          var tail;
          if (o.handling) {
            tail = h("span", {
              className: "badge wait", "data-testid": "opinion-status",
              text: (o.handling === "solve_on_spot" ? "当场解决" : "转交乡镇") + "（待上传）"
            });
          } else if (state.openSolve === o.id) {
            tail = h("div", { className: "solve-form" },
              h("textarea", {
                "data-testid": "resolution", "data-keep": "resolution-" + o.id, rows: "2", maxlength: "5000",
                placeholder: "如何解决的", "aria-label": "解决情况"
              }),
              h("div", { className: "actions" },
                h("button", {
                  type: "button", className: "btn primary", "data-testid": "solve-confirm", text: "确认已解决",
                  onclick: function (event) {
                    solve(o.id, event.target.closest(".solve-form").querySelector("textarea").value);
                  }
                }),
                h("button", {
                  type: "button", className: "btn subtle", text: "取消",
                  onclick: function () {
                    state.openSolve = null;
                    render();
                  }
                })));
          } else {
            tail = h("div", { className: "actions" },
              h("button", {
                type: "button", className: "btn primary", "data-testid": "solve", text: "当场解决",
                onclick: function () {
                  state.openSolve = o.id;
                  render();
                }
              }),
              h("button", {
                type: "button", className: "btn", "data-testid": "refer", text: "转交乡镇",
                onclick: function () {
                  refer(o.id);
                }
              }));
          }
          list.appendChild(h("li", { className: "opinion", "data-testid": "open-opinion", "data-opinion-id": o.id },
            opinionSummary(o), tail));
        });
        return list;
      });
  }

  function opinionSummary(o) {
    return h("div", { className: "summary" },
      h("div", { className: "meta" },
        h("span", { className: "category", text: o.category }),
        h("span", { text: o.voter }),
        h("span", { text: formatTime(o.at) })),
      h("p", { className: "content", "data-testid": "opinion-content-text", text: o.content }));
  }

  function renderLedgerOpinions() {
    var rows = state.opinions.slice().reverse();
    renderInto(document.getElementById("ledger-opinions"), rows, function () {
      if (!rows.length) return h("p", { className: "empty", text: "暂无意见记录。" });
      var list = h("ul", { className: "ledger" });
      rows.forEach(function (o) {
        var due = o.answer_due
          ? h("span", {
            className: "due", "data-testid": "answer-due",
            text: "答复期限：" + shortDate(o.answer_due) + (o.due_is_provisional ? "（暂定）" : "")
          })
          : null;
        var answer = o.answer
          ? h("div", { className: "answer", "data-testid": "answer" },
            h("strong", { text: "乡镇答复：" }), o.answer,
            h("span", {
              className: "hint",
              text: "（" + [o.answered_by, shortDate(o.answered_on)].filter(Boolean).join("，") + "）"
            }),
            o.outcome ? h("div", {
              className: "outcome",
              text: "办理结果：" + (OUTCOME_LABELS[o.outcome] || o.outcome) + (o.outcome_reason ? "，" + o.outcome_reason : "")
            }) : null)
          : null;
        list.appendChild(h("li", {
          className: "ledger-row" + (o.overdue ? " overdue" : ""), "data-testid": "ledger-opinion",
          "data-opinion-id": o.opinion_id, "data-status": o.status
        },
        h("div", { className: "row-head" },
          h("span", { className: "category", text: o.category }),
          h("span", { className: "badge status-" + o.status, "data-testid": "opinion-status", text: STATUS_LABELS[o.status] || o.status }),
          o.overdue ? h("span", { className: "badge overdue", "data-testid": "overdue", text: "超期未答复" }) : null),
        h("p", { className: "content", "data-testid": "opinion-content-text", text: o.content }),
        h("div", { className: "meta" },
          h("span", { text: "登记：" + formatTime(o.recorded_at) }),
          h("span", { text: "群众：" + o.voter_name + " " + o.voter_phone }),
          o.place ? h("span", { text: "地点：" + o.place }) : null,
          due),
        o.resolution ? h("div", { className: "answer", text: "解决情况：" + o.resolution }) : null,
        answer,
        feedbackLine(o)));
      });
      return list;
    });
  }

  function renderLedgerReceptions() {
    var rows = state.receptions;
    renderInto(document.getElementById("ledger-receptions"), rows, function () {
      if (!rows.length) return h("p", { className: "empty", text: "暂无活动记录。" });
      var list = h("ul", { className: "ledger" });
      rows.forEach(function (r) {
        var present = (r.deputies || []).map(function (d) {
          return d.name + (d.status === "checked_in" ? "（签到）" : "（请假）");
        });
        list.appendChild(h("li", { className: "ledger-row", "data-testid": "ledger-reception", "data-reception-id": r.reception_id },
          h("div", { className: "row-head" },
            h("span", { className: "category", text: KIND_LABELS[r.kind] || r.kind }),
            h("span", { text: shortDate(r.scheduled_on) }),
            h("span", {
              className: "badge " + (r.held_on ? "done" : "open"), "data-testid": "reception-status",
              text: r.held_on ? "已举行" : "未举行"
            })),
          r.held_on ? h("div", { className: "meta" },
            h("span", { "data-testid": "reception-voters", text: "接待群众 " + r.voters_received + " 人" }),
            r.topics.length ? h("span", { text: "议题：" + r.topics.join("、") }) : null) : null,
          present.length ? h("div", { className: "meta", "data-testid": "reception-deputies", text: "代表：" + present.join("、") }) : null,
          r.notes ? h("p", { className: "content", text: r.notes }) : null));
      });
      return list;
    });
  }

  // ---- messages ----

  function notify(kind, text) {
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

  function formError(id, text) {
    var node = document.getElementById(id);
    if (node) node.textContent = text || "";
  }

  // ---- user actions ----

  function scheduleToday() {
    if (!state.station) return;
    enqueue("schedule_reception", { kind: "reception_day", scheduled_on: state.station.today, title: "" });
  }

  function holdToday(event) {
    event.preventDefault();
    var reception = todayReception();
    if (!reception) return;
    var votersText = document.getElementById("held-voters").value.trim();
    var voters = Number(votersText);
    if (!votersText || !/^\d+$/.test(votersText) || voters > 100000) {
      formError("hold-error", "请填写接待群众人数（0 或正整数）");
      return;
    }
    var topics = document.getElementById("held-topics").value.split(/[、，,;；\n]+/).map(function (t) {
      return t.trim();
    }).filter(Boolean);
    if (topics.some(function (t) { return t.length > 100; })) {
      formError("hold-error", "每个议题不超过100字");
      return;
    }
    formError("hold-error", "");
    enqueue("hold_reception", {
      reception_id: reception.reception_id,
      held_on: state.station.today,
      voters_received: voters,
      topics: topics,
      notes: document.getElementById("held-notes").value.trim()
    });
  }

  function checkIn(deputyId) {
    var reception = todayReception();
    if (!reception) return;
    enqueue("check_in", { reception_id: reception.reception_id, deputy_id: deputyId });
  }

  function requestLeave(deputyId, reason) {
    var reception = todayReception();
    if (!reception) return;
    if (!reason.trim()) {
      notify("error", "请填写请假事由");
      return;
    }
    state.openLeave = null;
    enqueue("request_leave", { reception_id: reception.reception_id, deputy_id: deputyId, reason: reason.trim() });
  }

  function recordOpinion(event) {
    event.preventDefault();
    var value = function (id) {
      return document.getElementById(id).value.trim();
    };
    var body = {
      category: value("opinion-category"),
      content: value("opinion-content"),
      place: value("opinion-place"),
      voter_name: value("opinion-voter-name"),
      voter_phone: value("opinion-voter-phone").replace(/\s+/g, "")
    };
    var missing = [["category", "类别"], ["content", "意见内容"], ["voter_name", "群众姓名"], ["voter_phone", "联系电话"]]
      .filter(function (pair) {
        return !body[pair[0]];
      })
      .map(function (pair) {
        return pair[1];
      });
    if (missing.length) {
      formError("opinion-error", "请填写：" + missing.join("、"));
      return;
    }
    if (!PHONE.test(body.voter_phone)) {
      formError("opinion-error", "联系电话格式不正确：请填写11位手机号或带区号的固定电话");
      return;
    }
    formError("opinion-error", "");
    var reception = todayReception();
    if (reception) body.reception_id = reception.reception_id;
    enqueue("record_opinion", body);
    ["opinion-content", "opinion-voter-name", "opinion-voter-phone"].forEach(function (id) {
      document.getElementById(id).value = "";
    });
  }

  function solve(opinionId, resolution) {
    if (!resolution.trim()) {
      notify("error", "请填写解决情况");
      return;
    }
    state.openSolve = null;
    enqueue("solve_on_spot", { opinion_id: opinionId, resolution: resolution.trim() });
  }

  function refer(opinionId) {
    enqueue("refer_to_township", { opinion_id: opinionId });
  }

  // Once the township's answer is in, the liaison tells the voter and records it (反馈群众).
  function feedbackLine(o) {
    if (o.feedback_given_on) {
      return h("div", { className: "hint", "data-testid": "feedback-given", text: "已反馈群众（" + shortDate(o.feedback_given_on) + "）" });
    }
    if (!o.answer) return null;
    return h("button", {
      className: "btn", "data-testid": "give-feedback", type: "button", text: "已电话反馈群众",
      onclick: function () { enqueue("give_feedback", { opinion_id: o.opinion_id, method: "phone", note: "" }); }
    });
  }

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

  // ---- the device key ----

  function askForKey(message) {
    document.getElementById("key-setup").hidden = false;
    document.getElementById("app").hidden = true;
    document.getElementById("footer").hidden = true;
    document.getElementById("key-error").textContent = message || "";
    document.getElementById("device-key-input").focus();
  }

  function enter() {
    document.getElementById("key-setup").hidden = true;
    document.getElementById("app").hidden = false;
    document.getElementById("footer").hidden = false;
    render();
  }

  function saveKey(event) {
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

  function changeKey() {
    localStorage.removeItem(KEY_STORE);
    localStorage.removeItem(CACHE_STORE);
    state.station = null;
    state.opinions = [];
    state.receptions = [];
    state.key = null;
    askForKey("");
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
})();
