// 任免案: the facts of one case, the procedure as steps and as a timeline (who did what, when), the law
// exam sittings, the yearly reviews after appointment, and the certificate (任命书) once issued.

import { ApiError, api } from "../api.js";
import { projections } from "../live.js";
import { card, day, errorBox, h, label, loading, moment, section, table } from "../ui.js";

// The read models this page shows; notices about others do not re-read it.
export const WATCHED = projections("appointments");
const ACTORS = { "demo-seed": "演示数据导入" };
// The procedure in order; the steps after appointment (评议、质询) are shown in the timeline only.
const ORDER = [
  "AppointmentRequested",
  "AppointmentVetted",
  "PreAppointmentTalkHeld",
  "PreAppointmentNoticePublished",
  "EconomicAuditCompleted",
  "LawExamTaken",
  "AppointeeIntroduced",
  "StatementMade",
  "BallotTaken",
  "CertificateIssued",
  "OathTaken",
];
const STEP_NAMES = {
  AppointmentRequested: "依法提请",
  AppointmentVetted: "主任会议审查",
  PreAppointmentTalkHeld: "任前座谈",
  PreAppointmentNoticePublished: "任前公示",
  EconomicAuditCompleted: "经济责任审计",
  LawExamTaken: "法律知识考试",
  AppointeeIntroduced: "提请说明",
  StatementMade: "供职发言",
  BallotTaken: "投票表决",
  CertificateIssued: "颁发任命书",
  OathTaken: "宪法宣誓",
};

let shown = null;
let generation = 0;
let certificateUrl = null;

/** Instants from the service carry no zone when they are UTC; read them as UTC. */
function instant(value) {
  if (!value) return value;
  return /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
}

/** The steps this case must go through: an appointment all of them, other kinds request, vetting and ballot. */
function requiredSteps(found) {
  const needed = new Set(["AppointmentRequested", "AppointmentVetted", "BallotTaken"]);
  if (found.kind === "appointment") {
    for (const type of ["LawExamTaken", "AppointeeIntroduced", "StatementMade", "CertificateIssued", "OathTaken"]) {
      needed.add(type);
    }
  }
  if (found.pre_talk_required) needed.add("PreAppointmentTalkHeld");
  if (found.notice_days) needed.add("PreAppointmentNoticePublished");
  if (found.audit_required) needed.add("EconomicAuditCompleted");
  for (const step of found.timeline) needed.add(step.event_type);
  return ORDER.filter((type) => needed.has(type));
}

function stepState(found, type) {
  const steps = found.timeline.filter((step) => step.event_type === type);
  if (!steps.length) return "todo";
  const last = steps[steps.length - 1].payload;
  if (type === "LawExamTaken") return steps.some((step) => step.payload.passed) ? "done" : "failed";
  if (type === "BallotTaken") return last.passed ? "done" : "failed";
  return "done";
}

function stepper(found) {
  const types = requiredSteps(found);
  const closed = ["decided", "in_office"].includes(found.stage);
  // A failed exam is where a deferred case stands (a retake is possible); a failed ballot ends the case.
  let current = types.some((type) => stepState(found, type) === "failed");
  return h(
    "ol",
    { class: "stepper", "data-testid": "appointment-steps" },
    types.map((type) => {
      let state = stepState(found, type);
      if (state === "todo" && closed) state = "skipped";
      else if (state === "todo" && !current) {
        state = "current";
        current = true;
      }
      const title = { done: "已完成", failed: "未通过", current: "当前环节", todo: "未进行", skipped: "不再进行" }[state];
      return h("li", { class: `step ${state}`, title }, h("span", { class: "dot" }), h("span", { class: "name" }, STEP_NAMES[type]));
    }),
  );
}

const yes = (value) => (value ? "是" : "否");

/** What a step says, in words: its business date and a line or two of what happened. */
function describe(step) {
  const p = step.payload;
  switch (step.event_type) {
    case "AppointmentRequested":
      return {
        on: p.requested_on,
        text: `${p.requesting_unit_name}依法提请${label("appointmentKind", p.kind)}${p.appointee_name}为${p.post}（${p.nominated_by}推荐，第${p.term}届）`,
        more: p.review_file ? `考察材料：${p.review_file}` : null,
      };
    case "AppointmentVetted": {
      const asks = [
        p.pre_talk_required ? "任前座谈" : null,
        p.notice_days ? `任前公示 ${p.notice_days} 天` : null,
        p.audit_required ? "任前经济责任审计" : null,
      ].filter(Boolean);
      return { on: p.vetted_on, text: `${p.meeting}审查`, more: asks.length ? `要求：${asks.join("、")}` : "无附加任前程序" };
    }
    case "PreAppointmentTalkHeld":
      return { on: p.held_on, text: "举行任前座谈", more: p.note || null };
    case "PreAppointmentNoticePublished":
      return { on: p.published_on, text: `任前公示 ${day(p.published_on)} 至 ${day(p.ends_on)}`, more: p.channel ? `发布渠道：${p.channel}` : null };
    case "EconomicAuditCompleted":
      return { on: p.completed_on, text: "完成任前经济责任审计", more: `审计结论：${p.finding}` };
    case "LawExamTaken":
      return {
        on: p.taken_on,
        text: `${p.batch_label}：${p.score} 分（合格线 ${p.pass_mark} 分）`,
        more: p.passed ? "考试合格" : "考试不合格，暂缓任命（可补考）",
        tone: p.passed ? "ok" : "bad",
      };
    case "AppointeeIntroduced":
      return { on: p.introduced_on, text: `${p.meeting}，${p.introduced_by}作提请说明` };
    case "StatementMade":
      return { on: p.made_on, text: "拟任人员作供职发言", more: p.summary || null };
    case "BallotTaken": {
      const needed = Math.floor(p.members_total / 2) + 1;
      return {
        on: p.held_on,
        text: `${p.meeting}无记名投票：组成人员 ${p.members_total} 人，赞成 ${p.votes_for}、反对 ${p.votes_against}、弃权 ${p.abstentions}`,
        more: p.passed ? `通过（赞成票须达组成人员过半数，即 ${needed} 票）` : `未通过（赞成票不足组成人员过半数 ${needed} 票）`,
        tone: p.passed ? "ok" : "bad",
      };
    }
    case "CertificateIssued":
      return { on: p.issued_on, text: `${p.issuing_body}主任${p.issued_by}颁发任命书`, more: `决定文号：${p.decision_number}` };
    case "OathTaken":
      return { on: p.held_on, text: `${p.meeting}宪法宣誓`, more: `监誓人：${p.presided_by}` };
    case "PerformanceReviewed":
      return {
        on: p.reviewed_on,
        text: `${p.year}年度述职评议：${label("reviewResult", p.result)}`,
        more: [p.note, p.review_again_in ? `整改后于 ${p.review_again_in} 年再次评议` : null].filter(Boolean).join("；") || null,
        tone: p.result === "unsatisfied" ? "bad" : "ok",
      };
    case "InquiryFiled":
      return {
        on: p.filed_on,
        text: `因 ${p.unsatisfied_years.join("、")} 年度述职评议均为不满意，提出质询案`,
        tone: "bad",
      };
    default:
      return { on: null, text: step.event_type };
  }
}

function timeline(found) {
  const steps = [...found.timeline].sort((a, b) => a.version - b.version);
  return h(
    "ol",
    { class: "timeline appointment-timeline", "data-testid": "appointment-timeline" },
    steps.map((step) => {
      const said = describe(step);
      return h(
        "li",
        { class: said.tone ? `tone-${said.tone}` : null, "data-event": step.event_type },
        h(
          "div",
          { class: "when" },
          said.on ? h("strong", {}, day(said.on)) : null,
          h("span", {}, ` · 登记于 ${moment(instant(step.recorded_at))} · 经办：${ACTORS[step.actor] || step.actor}`),
        ),
        h("div", { class: "what" }, label("appointmentEvent", step.event_type)),
        h("div", {}, said.text),
        said.more ? h("div", { class: "muted small" }, said.more) : null,
      );
    }),
  );
}

function facts(found) {
  const ballot = found.ballot_held_on
    ? `${day(found.ballot_held_on)} ${found.meeting || ""}：赞成 ${found.votes_for} / 反对 ${found.votes_against} / 弃权 ${found.abstentions}（组成人员 ${found.members_total} 人）`
    : "—";
  const asks = [
    found.pre_talk_required ? `任前座谈（${found.pre_talk_held_on ? `${day(found.pre_talk_held_on)} 已举行` : "未举行"}）` : null,
    found.notice_days
      ? `任前公示 ${found.notice_days} 天（${found.notice_published_on ? `${day(found.notice_published_on)} 至 ${day(found.notice_ends_on)}` : "未公示"}）`
      : null,
    found.audit_required ? `经济责任审计（${found.audit_completed_on ? `${day(found.audit_completed_on)} 完成` : "未完成"}）` : null,
  ].filter(Boolean);
  const rows = [
    ["姓名", found.appointee_name],
    ["职务", found.post],
    ["类别", [label("appointmentKind", found.kind), found.is_people_assessor ? h("span", { class: "tag assessor" }, "人民陪审员") : null]],
    ["提请机关", found.requesting_unit_name || label("requestingUnit", found.requesting_unit)],
    ["推荐机关", found.nominated_by],
    ["届次", `第${found.term}届`],
    ["提请日期", day(found.requested_on)],
    ["考察材料", found.review_file],
    ["主任会议审查", found.vetted_on ? `${day(found.vetted_on)} ${found.vetting_meeting || ""}` : "—"],
    ["任前程序", asks.length ? asks.join("；") : "—"],
    ["法律知识考试", found.exam_sittings ? `参加 ${found.exam_sittings} 次${found.exam_passed_on ? `，${day(found.exam_passed_on)} 合格` : "，尚未合格"}` : "—"],
    ["表决", ballot],
    ["决定文号", found.decision_number || "—"],
    ["任命书", found.certificate_issued_on ? `${day(found.certificate_issued_on)} 由${found.certificate_issued_by}颁发` : "—"],
    ["宪法宣誓", found.oath_taken_on ? day(found.oath_taken_on) : "—"],
    [
      "任后评议",
      found.last_review_year
        ? `${found.last_review_year}年度：${label("reviewResult", found.last_review_result)}${found.review_again_in ? `（${found.review_again_in}年再次评议）` : ""}`
        : "—",
    ],
  ];
  if (found.inquiries) rows.push(["质询案", `${found.inquiries} 件`]);
  return h("dl", { class: "kv" }, rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

function exams(found) {
  return table(
    [
      { title: "批次", value: (row) => row.batch_label },
      { title: "考试日期", class: "nowrap", value: (row) => day(row.taken_on) },
      { title: "成绩", class: "num", value: (row) => row.score },
      { title: "合格线", class: "num", value: (row) => row.pass_mark },
      {
        title: "结果",
        class: "nowrap",
        value: (row) => (row.passed ? h("span", { class: "tag ok-tag" }, "合格") : h("span", { class: "tag caution" }, "不合格")),
      },
    ],
    found.exams,
    { empty: "未参加任前法律知识考试" },
  );
}

function reviews(found) {
  return table(
    [
      { title: "评议年度", value: (row) => `${row.year}年` },
      { title: "评议日期", class: "nowrap", value: (row) => day(row.reviewed_on) },
      {
        title: "结果",
        value: (row) =>
          h("span", { class: row.result === "unsatisfied" ? "tag caution" : "tag ok-tag" }, label("reviewResult", row.result)),
      },
      { title: "质询案", value: (row) => (row.inquiry_filed ? "已提出" : "—") },
    ],
    found.reviews,
    { empty: "尚无任后述职评议" },
  );
}

/** The certificate is HTML behind the bearer token: fetched, then shown from a blob URL. */
async function openCertificate(appointmentId, holder) {
  const response = await fetch(`/api/v1/appointments/${appointmentId}/certificate`, { headers: api.headers({}) });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  if (certificateUrl) URL.revokeObjectURL(certificateUrl);
  certificateUrl = URL.createObjectURL(new Blob([await response.text()], { type: "text/html;charset=utf-8" }));
  holder.replaceChildren(
    h(
      "div",
      { class: "certificate-bar" },
      h("a", { href: certificateUrl, target: "_blank", rel: "noopener" }, "在新窗口打开（可打印）"),
      h("button", { type: "button", class: "secondary", onclick: () => holder.replaceChildren() }, "收起"),
    ),
    h("iframe", { class: "certificate-frame", src: certificateUrl, title: "任命书", "data-testid": "appointment-certificate" }),
  );
}

function certificatePanel(found) {
  if (!found.decision_number || !found.certificate_issued_on) return null;
  const holder = h("div", { class: "certificate-holder" });
  const message = h("div", { class: "form-message" });
  const button = h("button", { type: "button", "data-testid": "certificate-button" }, "查看任命书");
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.replaceChildren();
    try {
      await openCertificate(found.appointment_id, holder);
    } catch (error) {
      message.replaceChildren(errorBox(error));
    } finally {
      button.disabled = false;
    }
  });
  return section(
    "任命书",
    h("p", { class: "muted small" }, `${found.issuing_body || ""} ${found.decision_number}，${day(found.certificate_issued_on)} 颁发`),
    button,
    message,
    holder,
  );
}

export async function render(main, context) {
  shown = { main, context };
  const mine = ++generation;
  const [appointmentId] = context.params;
  if (!main.querySelector("[data-testid=appointment-timeline]")) loading(main);
  const found = await api.get(`/api/v1/appointments/${appointmentId}`);
  if (mine !== generation) return;

  const outcome = found.outcome
    ? found.status === "not_appointed" || found.status === "rejected"
      ? "未通过"
      : "通过"
    : "未表决";
  const heading = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("div", { class: "crumbs" }, h("a", { href: "#/appointments" }, "人事任免"), h("span", {}, "›"), h("span", {}, found.appointee_name)),
      h("h1", {}, `${found.appointee_name} · ${label("appointmentKind", found.kind)}${found.post}`),
      h(
        "p",
        { class: "muted page-note" },
        h("span", { class: `badge stage-${found.stage}` }, label("appointmentStage", found.stage)),
        found.status_label !== label("appointmentStage", found.stage) ? ` ${found.status_label}` : null,
      ),
    ),
  );
  main.replaceChildren(
    h(
      "div",
      { class: "appointment-page" },
      heading,
      section("办理环节", stepper(found)),
      h(
        "div",
        { class: "cards" },
        card("提请日期", day(found.requested_on), { note: found.requesting_unit_name }),
        found.kind === "appointment"
          ? card("法律知识考试", found.exam_sittings ? (found.exam_passed_on ? "合格" : "未合格") : "—", {
              note: `参加 ${found.exam_sittings} 次`,
              tone: found.exam_sittings && !found.exam_passed_on ? "alert" : null,
            })
          : null,
        card("表决结果", outcome, {
          note: found.ballot_held_on ? `赞成 ${found.votes_for} / ${found.members_total}` : "尚未提请表决",
          tone: outcome === "未通过" ? "alert" : outcome === "通过" ? "good" : null,
        }),
        found.kind === "appointment"
          ? card("宪法宣誓", found.oath_taken_on ? day(found.oath_taken_on) : "—", { note: found.oath_taken_on ? "已宣誓" : "未宣誓" })
          : card("决定文号", found.decision_number || "—", { note: found.ballot_held_on ? `${day(found.ballot_held_on)} 表决` : "尚未表决" }),
      ),
      h(
        "div",
        { class: "grid-2" },
        section("案件情况", facts(found)),
        section(`全过程记录（${found.timeline.length} 步）`, timeline(found)),
      ),
      certificatePanel(found),
      h("div", { class: "grid-2" }, section("任前法律知识考试", exams(found)), section("任后述职评议", reviews(found))),
    ),
  );
}

export function onLive() {
  if (!shown) return;
  render(shown.main, shown.context).catch((error) => shown.main.replaceChildren(errorBox(error)));
}
