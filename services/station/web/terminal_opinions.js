// 群众意见 and 台账: the opinions waiting to be solved or referred (and those not yet uploaded), and the
// station's ledgers of opinions, with the township's answers, and of activities.

import { refer, solve } from "./terminal_actions.js";
import { formatTime, h, renderInto, shortDate } from "./terminal_dom.js";
import { KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS } from "./terminal_labels.js";
import { render } from "./terminal_render.js";
import { loadQueue, queued, state } from "./terminal_store.js";
import { enqueue } from "./terminal_sync.js";

function pendingHandling(opinionId) {
  return loadQueue().filter(function (item) {
    return (item.type === "solve_on_spot" || item.type === "refer_to_township") && item.opinion_id === opinionId;
  })[0] || null;
}

export function renderOpenOpinions() {
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

export function renderLedgerOpinions() {
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

export function renderLedgerReceptions() {
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
