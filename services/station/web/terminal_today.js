// 今日接待: today's reception (schedule it, record it held) and the attached deputies' check-in or leave.

import { checkIn, holdToday, requestLeave, scheduleToday } from "./terminal_actions.js";
import { h, renderInto, shortDate } from "./terminal_dom.js";
import { ATTENDANCE_LABELS, KIND_LABELS, LEVEL_LABELS } from "./terminal_labels.js";
import { render } from "./terminal_render.js";
import { loadQueue, queued, state } from "./terminal_store.js";

export function todayReception() {
  var list = (state.station && state.station.today_receptions) || [];
  return list.length ? list[0] : null;
}

function pendingTodaySchedule() {
  var today = state.station && state.station.today;
  return queued("schedule_reception").filter(function (item) {
    return item.scheduled_on === today;
  })[0] || null;
}

export function renderReception() {
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

export function renderDeputies() {
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

export function renderOpinionHint() {
  var reception = todayReception();
  document.getElementById("opinion-reception-hint").textContent = reception
    ? "本次登记将计入今日" + (KIND_LABELS[reception.kind] || "活动") + "。"
    : "今日没有接待活动，意见将作为日常来访登记。";
}
