// What the liaison does, checked on the page before it is queued: schedule and hold today's reception,
// check a deputy in or record their leave, record an opinion, solve it on the spot or refer it.

import { formError, notify } from "./terminal_dom.js";
import { state } from "./terminal_store.js";
import { enqueue } from "./terminal_sync.js";
import { todayReception } from "./terminal_today.js";

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export function scheduleToday() {
  if (!state.station) return;
  enqueue("schedule_reception", { kind: "reception_day", scheduled_on: state.station.today, title: "" });
}

export function holdToday(event) {
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

export function checkIn(deputyId) {
  var reception = todayReception();
  if (!reception) return;
  enqueue("check_in", { reception_id: reception.reception_id, deputy_id: deputyId });
}

export function requestLeave(deputyId, reason) {
  var reception = todayReception();
  if (!reception) return;
  if (!reason.trim()) {
    notify("error", "请填写请假事由");
    return;
  }
  state.openLeave = null;
  enqueue("request_leave", { reception_id: reception.reception_id, deputy_id: deputyId, reason: reason.trim() });
}

export function recordOpinion(event) {
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

export function solve(opinionId, resolution) {
  if (!resolution.trim()) {
    notify("error", "请填写解决情况");
    return;
  }
  state.openSolve = null;
  enqueue("solve_on_spot", { opinion_id: opinionId, resolution: resolution.trim() });
}

export function refer(opinionId) {
  enqueue("refer_to_township", { opinion_id: opinionId });
}
