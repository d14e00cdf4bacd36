// One suggestion (代表建议): its facts, units and clocks, the whole handling timeline, and the steps the
// signed-in role may take now. The service decides again; the page only offers what the status allows.

import { api } from "../api.js";
import { LABELS, actionForm, colourBadge, day, errorBox, h, label, moment, section, select, today } from "../ui.js";

const EVENT_NAMES = {
  SuggestionSubmitted: "提出建议",
  SuggestionReviewed: "逐件审查",
  SuggestionRevised: "修改后重新提交",
  SuggestionWithdrawn: "代表撤回",
  SuggestionRegistered: "登记编号",
  SuggestionAssigned: "交办",
  SuggestionReturned: "承办单位退回",
  SuggestionMerged: "并案办理",
  SuggestionExtensionRequested: "申请延期",
  SuggestionExtensionApproved: "批准延期",
  SuggestionExtensionDeclined: "不予延期",
  SuggestionContactLogged: "沟通联系",
  CoUnitOpinionGiven: "协办意见",
  SuggestionReplyDrafted: "拟写答复",
  SuggestionReplied: "答复代表",
  SuggestionCheckedOnSite: "实地察看",
  SuggestionRated: "满意度测评",
  SuggestionClosed: "办结",
  SuggestionFollowedUp: "回访",
  SuggestionSelectedForLookBack: "列入回头看",
  SuggestionSupervised: "督办",
};

const DECISIONS = {
  accepted: "立案",
  revision_requested: "退回修改",
  withdrawal_advised: "建议撤回",
  not_accepted: "不作为建议",
};
const GROUNDS = {
  outside_jurisdiction: "不属于本级职权范围",
  personal_matter: "属个人诉求",
  no_real_content: "无实质内容",
};
const PERIODS = { during_session: "大会期间", between_sessions: "闭会期间" };
const STAGES = { before: "办前沟通", during: "办中沟通", after: "办后沟通" };
const METHODS = { in_person: "当面", meeting: "座谈会", phone: "电话", written: "书面" };
const ASPECTS = {
  leadership: "组织领导",
  attitude: "办理态度",
  communication: "面商沟通",
  reply_quality: "答复质量",
  implementation: "落实情况",
  overall: "综合评价",
};
const UNIT_ROLES = { lead: "主办", co: "协办" };
// What the current due date is for, by status (suggestion_queries.py picks the date the same way).
const DUE_FOR = {
  submitted: "交办",
  accepted: "交办",
  registered: "交办",
  returned: "重新交办",
  assigned: "答复",
  rehandling: "第二次答复",
};
const EXTENSION_DECISIONS = { approve: "批准延期", decline: "不予批准" };
const ACTORS = { "demo-seed": "演示数据" };

// Statuses of suggestion_rules.py: which step each status allows.
const AWAITING_ASSIGNMENT = ["registered", "returned"];
const AWAITING_REPLY = ["assigned", "rehandling"];
const IN_HANDLING = ["assigned", "replied", "rehandling"];
const MAX_EXTENSION_MONTHS = 3;
// The read models this page shows; notices about others do not re-read it.
const WATCHED = ["county.suggestions", "county.handling_units", "county.roster"];

const FLASH_MS = 6000;

let shown = null;
let generation = 0;
let flash = null;
let dirty = false;

/** Recorded times are UTC; some arrive without an offset, which the browser would read as local time. */
function when(value) {
  if (!value) return "—";
  const text = String(value);
  return moment(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}

function daysBetween(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
}

const yesNo = (value) => (value === null || value === undefined ? "—" : value ? "是" : "否");

function kv(rows) {
  return h(
    "dl",
    { class: "kv" },
    rows.filter(Boolean).flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value ?? "—")]),
  );
}

function lastOf(timeline, type) {
  return [...timeline].reverse().find((step) => step.event_type === type) || null;
}

/** Unit names from what the page can see: the unit list (staff), the events, and the caller's own unit. */
function unitNames(detail, units, who) {
  const names = new Map();
  for (const unit of units || []) names.set(unit.unit_id, unit.name);
  for (const step of detail.timeline) {
    const payload = step.payload;
    if (payload.lead_unit_id && payload.lead_unit_name) names.set(payload.lead_unit_id, payload.lead_unit_name);
    if (payload.unit_id && payload.unit_name) names.set(payload.unit_id, payload.unit_name);
  }
  if (detail.lead_unit_id && detail.lead_unit_name) names.set(detail.lead_unit_id, detail.lead_unit_name);
  if (who.role === "handling_unit" && who.unit_id) names.set(who.unit_id, who.display_name);
  // A handling unit may not read the unit list, so a co-unit's name can be unknown to it.
  return (id) => names.get(id) || null;
}

function dueLine(due, { provisional, colour, overdue } = {}) {
  if (!due) return "—";
  let remaining = null;
  if (colour && colour !== "grey") {
    const days = daysBetween(today(), due);
    remaining = h("span", { class: overdue ? "overdue" : "muted" }, days < 0 ? `已超期 ${-days} 天` : `剩余 ${days} 天`);
  }
  return h(
    "span",
    { class: "due-line" },
    colour ? colourBadge(colour) : null,
    " ",
    day(due),
    provisional ? h("span", { class: "provisional", title: "节假日安排未公布，期限暂按常规工作日推算" }, "（暂定）") : null,
    remaining ? [" ", remaining] : null,
  );
}

function summarize(step, { unitName, detail }) {
  const p = step.payload;
  const parts = [];
  const add = (text) => text && parts.push(text);
  const unit = (id) => unitName(id) || "承办单位";
  switch (step.event_type) {
    case "SuggestionSubmitted":
      add(
        `领衔代表：${p.lead_deputy_id === detail.lead_deputy_id ? detail.lead_deputy_name || "—" : "—"}` +
          (p.co_signer_ids?.length ? `，附议 ${p.co_signer_ids.length} 人` : ""),
      );
      add(`${PERIODS[p.period] || p.period}提出${p.session_label ? `（${p.session_label}）` : ""}，收到 ${day(p.received_on)}`);
      if (p.assign_due) add(`应于 ${day(p.assign_due)} 前交办${p.due_is_provisional ? "（暂定）" : ""}`);
      if (p.source_referral_id) add("来自联络站群众意见转办");
      break;
    case "SuggestionReviewed":
      add(`审查结果：${DECISIONS[p.decision] || p.decision}`);
      if (p.ground) add(`理由：${GROUNDS[p.ground] || p.ground}`);
      add(p.note && `意见：${p.note}`);
      break;
    case "SuggestionRevised":
      add(`修改后标题：${p.title}`);
      break;
    case "SuggestionWithdrawn":
      add(p.reason ? `撤回理由：${p.reason}` : "");
      break;
    case "SuggestionRegistered":
      add(`编号 ${p.number}`);
      add(`类别：${label("category", p.category)}`);
      add(p.is_key ? "重点建议" : "");
      break;
    case "SuggestionAssigned":
      add(`主办：${p.lead_unit_name}`);
      if (p.co_unit_ids?.length) {
        const known = p.co_unit_ids.map(unitName).filter(Boolean);
        const unknown = p.co_unit_ids.length - known.length;
        add(`协办：${[...known, unknown ? `其他 ${unknown} 个单位` : null].filter(Boolean).join("、")}`);
      }
      add(`分管领导：${p.leader}`);
      add(`督办机构：${p.supervising_body}`);
      add(`答复期限 ${day(p.reply_due)}${p.due_is_provisional ? "（暂定）" : ""}，退回期限 ${day(p.return_due)}`);
      break;
    case "SuggestionReturned":
      add(`${unit(p.unit_id)}退回`);
      add(`理由：${p.reason}`);
      break;
    case "SuggestionMerged":
      parts.push(h("span", {}, "与", h("a", { href: `#/suggestions/${p.merged_with}` }, "另一件建议"), "并案办理"));
      break;
    case "SuggestionExtensionRequested":
      add(`${unit(p.unit_id)}申请延期 ${p.months} 个月`);
      add(`理由：${p.reason}`);
      break;
    case "SuggestionExtensionApproved":
      add(`延期 ${p.months} 个月，答复期限改为 ${day(p.reply_due)}${p.due_is_provisional ? "（暂定）" : ""}`);
      break;
    case "SuggestionExtensionDeclined":
      add(`理由：${p.reason}`);
      break;
    case "SuggestionContactLogged":
      add(`${unit(p.unit_id)}：${STAGES[p.stage] || p.stage}，${METHODS[p.method] || p.method}`);
      add(`日期 ${day(p.contacted_on)}`);
      add(p.note);
      break;
    case "CoUnitOpinionGiven":
      add(`${unit(p.unit_id)}：${clip(p.opinion)}`);
      break;
    case "SuggestionReplyDrafted":
      add(`${unit(p.unit_id)}拟答复：${label("reply", p.result)}`);
      break;
    case "SuggestionReplied":
      add(`${p.unit_name}${p.round === 2 ? "第二次答复" : "答复"}：${label("reply", p.result)}`);
      add(`签发人 ${p.signed_by}，签收人 ${p.received_by}${p.received_by_deputy ? "（代表本人）" : "（代签）"}`);
      add(`答复日 ${day(p.replied_on)}`);
      add(p.text && `答复摘要：${clip(p.text)}`);
      break;
    case "SuggestionCheckedOnSite":
      add(`察看日 ${day(p.checked_on)}`);
      add(p.note);
      break;
    case "SuggestionRated":
      add(`${p.round === 2 ? "第二次" : "首次"}测评：${label("satisfaction", p.aspects?.overall)}`);
      add(
        Object.entries(ASPECTS)
          .filter(([key]) => key !== "overall" && p.aspects?.[key])
          .map(([key, text]) => `${text}${label("satisfaction", p.aspects[key])}`)
          .join("、"),
      );
      if (p.second_reply_due) add(`转重新办理，二次答复期限 ${day(p.second_reply_due)}${p.due_is_provisional ? "（暂定）" : ""}`);
      break;
    case "SuggestionClosed":
      add(`办结日 ${day(p.closed_on)}`);
      add(p.note);
      break;
    case "SuggestionFollowedUp":
      add(`回访日 ${day(p.visited_on)}`);
      add(`承诺事项${p.implemented ? "已落实" : "未落实"}`);
      add(p.note);
      break;
    case "SuggestionSelectedForLookBack":
      add(`列入 ${p.year} 年回头看`);
      break;
    case "SuggestionSupervised":
      add(`${label("supervision", p.kind)}：${p.supervised_by}`);
      add(`日期 ${day(p.supervised_on)}`);
      add(p.note);
      break;
    default:
      break;
  }
  return parts.flatMap((part, index) => (index ? ["；", part] : [part]));
}

function clip(text, length = 60) {
  const value = String(text || "");
  return value.length > length ? `${value.slice(0, length)}…` : value;
}

function timelineList(detail, unitName) {
  if (!detail.timeline.length) return h("p", { class: "muted" }, "尚无办理记录");
  return h(
    "ol",
    { class: "timeline", "data-testid": "suggestion-timeline" },
    detail.timeline.map((step) =>
      h(
        "li",
        { class: `step-${step.event_type}`, dataset: { eventType: step.event_type } },
        h("div", { class: "what" }, EVENT_NAMES[step.event_type] || step.event_type),
        h("div", { class: "when" }, when(step.occurred_at), " · ", ACTORS[step.actor] || step.actor),
        h("div", { class: "step-detail" }, summarize(step, { unitName, detail })),
      ),
    ),
  );
}

function unitList(detail, unitName) {
  if (!detail.units.length) return h("span", { class: "muted" }, "未交办");
  const ordered = [...detail.units].sort((a, b) => Number(b.active) - Number(a.active) || (a.role === "lead" ? -1 : 1));
  return h(
    "ul",
    { class: "unit-list" },
    ordered.map((unit) =>
      h(
        "li",
        { class: unit.active ? null : "inactive" },
        h("span", { class: `tag role-${unit.role}` }, UNIT_ROLES[unit.role] || unit.role),
        " ",
        unitName(unit.unit_id) || "其他承办单位",
        unit.returned ? h("span", { class: "muted" }, "（已退回）") : !unit.active ? h("span", { class: "muted" }, "（已解除）") : null,
        unit.co_opinion_on ? h("span", { class: "muted" }, `（${day(unit.co_opinion_on)} 提出协办意见）`) : null,
      ),
    ),
  );
}

function ratingsLine(detail) {
  const rated = detail.timeline.filter((step) => step.event_type === "SuggestionRated");
  if (!rated.length) return "—";
  return h(
    "div",
    {},
    rated.map((step) =>
      h(
        "div",
        {},
        `${step.payload.round === 2 ? "第二次" : "首次"}：`,
        h("strong", {}, label("satisfaction", step.payload.aspects?.overall)),
        h(
          "span",
          { class: "muted" },
          `（${Object.entries(ASPECTS)
            .filter(([key]) => key !== "overall")
            .map(([key, text]) => `${text}${label("satisfaction", step.payload.aspects?.[key])}`)
            .join("、")}）`,
        ),
      ),
    ),
  );
}

function replyLine(detail) {
  if (!detail.reply_result) return "—";
  const letter = lastOf(detail.timeline, "SuggestionReplied");
  return h(
    "div",
    {},
    h("div", {}, h("strong", {}, label("reply", detail.reply_result)), `，${day(detail.replied_on)} 答复`),
    detail.first_reply_on_time === null
      ? null
      : h("div", { class: detail.first_reply_on_time ? "muted" : "overdue" }, detail.first_reply_on_time ? "首次答复按期" : "首次答复逾期"),
    letter
      ? h(
          "div",
          { class: "muted" },
          `签发人 ${letter.payload.signed_by}，签收人 ${letter.payload.received_by}`,
          letter.payload.received_by_deputy ? "（代表本人）" : h("span", { class: "tag warn" }, "代签"),
        )
      : null,
  );
}

function facts(detail) {
  return section(
    "建议信息",
    kv([
      ["编号", detail.number || "（未登记）"],
      ["标题", detail.title],
      ["内容", h("div", { class: "content-text" }, detail.content)],
      ["领衔代表", detail.lead_deputy_name || "—"],
      ["附议代表", `${detail.co_signer_ids.length} 人`],
      ["提出", `第${detail.term}届 · ${PERIODS[detail.period] || detail.period} · ${day(detail.received_on)} 收到`],
      ["类别", label("category", detail.category)],
      ["重点建议", detail.is_key ? h("span", { class: "tag key" }, "重点") : "否"],
      ["状态", label("status", detail.status)],
      detail.source_referral_id ? ["来源", "联络站群众意见转办"] : null,
      detail.merged_with ? ["并案", h("a", { href: `#/suggestions/${detail.merged_with}` }, "查看并案建议")] : null,
    ]),
  );
}

function handling(detail, unitName) {
  // After a return the assignment fields still describe the assignment that was returned.
  const former = detail.status === "returned" ? "原" : "";
  const assigned = Boolean(detail.assigned_on);
  const extension = detail.extension_months
    ? `已延期 ${detail.extension_months} 个月${detail.extension_pending ? "，另有延期申请待审批" : ""}`
    : detail.extension_pending
      ? "延期申请待审批"
      : null;
  return section(
    "办理与期限",
    kv([
      ["承办单位", unitList(detail, unitName)],
      assigned ? [`${former}分管领导`, detail.leader || "—"] : null,
      assigned ? ["督办机构", detail.supervising_body || "—"] : null,
      assigned ? [`${former}交办日`, day(detail.assigned_on)] : null,
      detail.return_due ? [`${former}退回期限`, day(detail.return_due)] : null,
      detail.co_opinion_due && detail.co_unit_ids.length ? ["协办意见期限", day(detail.co_opinion_due)] : null,
      assigned ? [`${former}答复期限`, day(detail.reply_due)] : null,
      detail.second_reply_due ? ["二次答复期限", day(detail.second_reply_due)] : null,
      [
        "当前期限",
        h(
          "span",
          { "data-testid": "suggestion-due" },
          detail.current_due
            ? dueLine(detail.current_due, {
                provisional: detail.due_is_provisional,
                colour: detail.colour,
                overdue: detail.overdue,
              })
            : [colourBadge(detail.colour), " 无待办期限"],
          detail.current_due && DUE_FOR[detail.status]
            ? h("span", { class: "muted" }, `（${DUE_FOR[detail.status]}期限）`)
            : null,
        ),
      ],
      extension ? ["延期", extension] : null,
      assigned ? ["答复", replyLine(detail)] : null,
      assigned ? ["见面沟通", detail.met_deputy ? "已与代表见面" : "未见面"] : null,
      assigned ? ["测评", ratingsLine(detail)] : null,
      detail.rehandled ? ["重新办理", "是（首次答复不满意）"] : null,
      !assigned ? null : ["落实", detail.closed_on || detail.implemented ? (detail.implemented ? "已落实" : "未落实") : "—"],
      assigned ? ["办结日", day(detail.closed_on)] : null,
      ["督办次数", `${detail.supervision_count} 次`],
    ]),
  );
}

// Inputs for the action forms.

function input(name, attributes = {}) {
  return h("input", { name, ...attributes });
}

function textarea(name, attributes = {}) {
  return h("textarea", { name, ...attributes });
}

function required(control) {
  control.required = true;
  return control;
}

function checkbox(name, text, checked = false) {
  return h("span", { class: "check" }, h("input", { type: "checkbox", name, checked }), text);
}

function assignForm(detail, units, act) {
  const active = (units || []).filter(Boolean);
  const options = Object.fromEntries(active.map((unit) => [unit.unit_id, unit.name]));
  const lead = required(select("lead_unit_id", options, { blank: "请选择主办单位" }));
  const co = h(
    "select",
    { name: "co_unit_ids", multiple: true, size: Math.min(6, Math.max(3, active.length)) },
    active.map((unit) => h("option", { value: unit.unit_id }, unit.name)),
  );
  const leader = required(input("leader", { maxlength: 50, placeholder: "如 李卫东" }));
  let suggested = "";
  lead.addEventListener("change", () => {
    for (const option of co.options) {
      option.disabled = option.value === lead.value;
      if (option.disabled) option.selected = false;
    }
    const unit = active.find((item) => item.unit_id === lead.value);
    if (unit && unit.vice_governor && (!leader.value || leader.value === suggested)) {
      leader.value = unit.vice_governor;
      suggested = unit.vice_governor;
    }
  });
  return actionForm({
    title: detail.status === "returned" ? "重新交办" : "交办",
    testid: "action-assign",
    submit: "交办",
    fields: [
      { label: "主办单位", input: lead },
      { label: "协办单位（可多选，按住 Ctrl 选择；可不选）", input: co },
      { label: "分管领导", input: leader },
    ],
    action: (values) =>
      act("assign", "已交办", {
        lead_unit_id: values.lead_unit_id,
        co_unit_ids: [...co.selectedOptions].map((option) => option.value).filter((id) => id !== values.lead_unit_id),
        leader: values.leader.trim(),
      }),
  });
}

function reviewForm(act) {
  const ground = select("ground", GROUNDS, { blank: "（不作为建议时必选）" });
  return actionForm({
    title: "立案审查",
    testid: "action-review",
    submit: "提交审查意见",
    fields: [
      { label: "审查结果", input: required(select("decision", DECISIONS)) },
      { label: "不作为建议的理由", input: ground },
      { label: "审查意见", input: textarea("note", { maxlength: 2000 }) },
    ],
    action: (values) =>
      act("review", "已提交审查意见", {
        decision: values.decision,
        ground: values.ground || null,
        note: values.note || "",
      }),
  });
}

function registerForm(act) {
  return actionForm({
    title: "登记",
    testid: "action-register",
    submit: "登记",
    fields: [
      { label: "编号", input: required(input("number", { maxlength: 30, placeholder: `如 ${today().slice(0, 4)}-012` })) },
      { label: "类别", input: required(select("category", LABELS.category, { blank: "请选择类别" })) },
      { label: "重点建议", input: checkbox("is_key", "列为重点建议") },
    ],
    action: (values) =>
      act("register", "已登记", { number: values.number.trim(), category: values.category, is_key: values.is_key === "on" }),
  });
}

function superviseForm(who, act) {
  return actionForm({
    title: "督办",
    testid: "action-supervise",
    submit: "记录督办",
    fields: [
      { label: "督办方式", input: required(select("kind", LABELS.supervision)) },
      { label: "督办人", input: required(input("supervised_by", { maxlength: 100, value: who.display_name || "" })) },
      { label: "督办情况", input: textarea("note", { maxlength: 2000 }) },
    ],
    action: (values) =>
      act("supervise", "已记录督办", { kind: values.kind, supervised_by: values.supervised_by.trim(), note: values.note || "" }),
  });
}

function extensionDecisionForm(detail, act) {
  const request = lastOf(detail.timeline, "SuggestionExtensionRequested");
  const title = request ? `审批延期申请（${request.payload.months} 个月）` : "审批延期申请";
  return actionForm({
    title,
    testid: "action-extension-decision",
    submit: "提交审批",
    fields: [
      request ? { label: "申请理由", input: h("span", { class: "quote" }, request.payload.reason) } : null,
      { label: "审批意见", input: required(select("decision", EXTENSION_DECISIONS)) },
      { label: "理由（不予批准时必填）", input: textarea("reason", { maxlength: 2000 }) },
    ].filter(Boolean),
    action: (values) =>
      act("extension/decision", "已审批延期申请", { decision: values.decision, reason: values.reason || "" }),
  });
}

function closeForm(act) {
  return actionForm({
    title: "办结",
    testid: "action-close",
    submit: "办结",
    fields: [{ label: "办结说明", input: textarea("note", { maxlength: 2000 }) }],
    action: (values) => act("close", "已办结", { note: values.note || "" }),
  });
}

function followUpForm(act) {
  return actionForm({
    title: "办结后回访",
    testid: "action-follow-up",
    submit: "记录回访",
    fields: [
      { label: "回访日期", input: required(input("visited_on", { type: "date", value: today(), max: today() })) },
      { label: "落实情况", input: checkbox("implemented", "承诺事项已落实") },
      { label: "回访情况", input: textarea("note", { maxlength: 2000 }) },
    ],
    action: (values) =>
      act("follow-up", "已记录回访", {
        visited_on: values.visited_on,
        implemented: values.implemented === "on",
        note: values.note || "",
      }),
  });
}

function replyForm(detail, act) {
  const receivedBy = required(input("received_by", { maxlength: 50, placeholder: "签收人姓名" }));
  const own = checkbox("received_by_deputy", "代表本人签收（不勾选即为代签）");
  own.querySelector("input").addEventListener("change", (event) => {
    if (event.target.checked && !receivedBy.value && detail.lead_deputy_name) receivedBy.value = detail.lead_deputy_name;
  });
  return actionForm({
    title: detail.status === "rehandling" ? "第二次答复" : "答复代表",
    testid: "action-reply",
    submit: "正式答复",
    fields: [
      { label: "答复类别", input: required(select("result", LABELS.reply, { blank: "请选择" })) },
      { label: "答复内容", input: required(textarea("text", { maxlength: 20000, rows: 4 })) },
      { label: "签发人", input: required(input("signed_by", { maxlength: 50, placeholder: "单位负责人" })) },
      { label: "签收人", input: receivedBy },
      { label: "签收方式", input: own },
    ],
    action: (values) =>
      act("reply", "已答复", {
        result: values.result,
        text: values.text,
        signed_by: values.signed_by.trim(),
        received_by: values.received_by.trim(),
        received_by_deputy: values.received_by_deputy === "on",
      }),
  });
}

function returnForm(detail, act) {
  return actionForm({
    title: `退回（须在 ${day(detail.return_due)} 前）`,
    testid: "action-return",
    submit: "退回县人大",
    fields: [{ label: "退回理由", input: required(textarea("reason", { maxlength: 2000, placeholder: "说明不属于本单位职责的理由" })) }],
    action: (values) => act("return", "已退回", { reason: values.reason }),
  });
}

function extensionForm(detail, act) {
  const left = MAX_EXTENSION_MONTHS - detail.extension_months;
  const months = Object.fromEntries(Array.from({ length: left }, (_, index) => [String(index + 1), `${index + 1} 个月`]));
  return actionForm({
    title: "申请延期",
    testid: "action-extension",
    submit: "提交申请",
    fields: [
      { label: `延期时长（最多还可延 ${left} 个月）`, input: required(select("months", months)) },
      { label: "理由", input: required(textarea("reason", { maxlength: 2000 })) },
    ],
    action: (values) => act("extension", "已申请延期", { months: Number(values.months), reason: values.reason }),
  });
}

function contactForm(act) {
  return actionForm({
    title: "联系代表",
    testid: "action-contact",
    submit: "记录沟通",
    fields: [
      { label: "阶段", input: required(select("stage", STAGES)) },
      { label: "方式", input: required(select("method", METHODS)) },
      { label: "日期", input: required(input("contacted_on", { type: "date", value: today(), max: today() })) },
      { label: "沟通情况", input: textarea("note", { maxlength: 2000 }) },
    ],
    action: (values) =>
      act("contacts", "已记录沟通", {
        stage: values.stage,
        method: values.method,
        contacted_on: values.contacted_on,
        note: values.note || "",
      }),
  });
}

function coOpinionForm(act) {
  return actionForm({
    title: "协办意见",
    testid: "action-co-opinion",
    submit: "提交协办意见",
    fields: [{ label: "意见", input: required(textarea("opinion", { maxlength: 5000 })) }],
    action: (values) => act("co-opinion", "已提交协办意见", { opinion: values.opinion }),
  });
}

function rateForm(act) {
  const fields = Object.entries(ASPECTS).map(([name, text]) => ({
    label: text,
    input: required(select(name, LABELS.satisfaction, { blank: "请选择" })),
  }));
  return actionForm({
    title: "满意度测评",
    testid: "action-rate",
    submit: "提交测评",
    fields,
    action: (values) =>
      act("rating", "已提交测评", { aspects: Object.fromEntries(Object.keys(ASPECTS).map((name) => [name, values[name]])) }),
  });
}

/** The forms the caller's role may use in the case's present status (domain/suggestion.py decides again). */
function actionsFor(detail, { who, units, act }) {
  const status = detail.status;
  const forms = [];
  if (who.role === "county_staff") {
    if (["submitted", "withdrawal_advised"].includes(status)) forms.push(reviewForm(act));
    if (status === "accepted") forms.push(registerForm(act));
    if (AWAITING_ASSIGNMENT.includes(status)) {
      forms.push(units ? assignForm(detail, units, act) : h("p", { class: "muted" }, "无法读取承办单位名单，暂不能交办。"));
    }
    if (status === "assigned" && detail.extension_pending) forms.push(extensionDecisionForm(detail, act));
    if ([...AWAITING_ASSIGNMENT, ...AWAITING_REPLY].includes(status)) forms.push(superviseForm(who, act));
    if (status === "rated") forms.push(closeForm(act));
    if (status === "closed") forms.push(followUpForm(act));
  } else if (who.role === "handling_unit" && who.unit_id) {
    const mine = detail.units.find((unit) => unit.unit_id === who.unit_id && unit.active);
    const isLead = detail.lead_unit_id === who.unit_id;
    if (isLead && AWAITING_REPLY.includes(status)) forms.push(replyForm(detail, act));
    if (isLead && status === "assigned" && detail.return_due && today() <= day(detail.return_due)) {
      forms.push(returnForm(detail, act));
    }
    if (isLead && status === "assigned" && !detail.extension_pending && detail.extension_months < MAX_EXTENSION_MONTHS) {
      forms.push(extensionForm(detail, act));
    }
    if (mine && [...IN_HANDLING, "rated"].includes(status)) forms.push(contactForm(act));
    if (mine && mine.role === "co" && !mine.co_opinion_on && AWAITING_REPLY.includes(status)) forms.push(coOpinionForm(act));
  } else if (who.role === "deputy" && who.deputy_id === detail.lead_deputy_id) {
    if (status === "replied") forms.push(rateForm(act));
    if ([...AWAITING_ASSIGNMENT, ...AWAITING_REPLY].includes(status)) forms.push(superviseForm(who, act));
  }
  return forms;
}

async function optional(path, params) {
  try {
    return await api.get(path, params);
  } catch {
    return null;
  }
}

async function show(main, context, { waitFor } = {}) {
  shown = { main, context };
  const mine = ++generation;
  const { params, who } = context;
  const id = params[0];
  const staff = ["county_staff", "city_viewer", "auditor"].includes(who.role);
  const [detail, units] = await Promise.all([
    api.get(`/api/v1/suggestions/${id}`, waitFor ? { wait_for: waitFor } : undefined),
    staff ? optional("/api/v1/handling-units") : null,
  ]);
  if (mine !== generation) return;
  const unitName = unitNames(detail, units, who);

  const act = async (path, done, body) => {
    const result = await api.post(`/api/v1/suggestions/${id}/${path}`, body);
    flash = { id, text: done, until: Date.now() + FLASH_MS };
    dirty = false;
    try {
      await show(main, context, { waitFor: result.event_ids?.[0] });
    } catch {
      flash = { id, text: `${done}（页面数据稍后更新）`, until: Date.now() + FLASH_MS };
      await show(main, context);
    }
  };

  const forms = actionsFor(detail, { who, units, act });
  // The confirmation outlives the live re-read that follows one's own step.
  const fresh = flash && flash.id === id && Date.now() < flash.until;
  const notice = fresh ? h("div", { class: "flash ok", role: "status" }, flash.text) : null;
  dirty = false;

  const head = h(
    "div",
    { class: "page-head" },
    h(
      "div",
      {},
      h("div", { class: "crumbs" }, h("a", { href: "#/suggestions" }, "建议督办"), "›", detail.number || "未登记建议"),
      h("h1", {}, detail.title),
    ),
    h(
      "div",
      { class: "head-badges" },
      detail.is_key ? h("span", { class: "tag key" }, "重点建议") : null,
      colourBadge(detail.colour),
      h("span", { class: `status status-${detail.status}`, "data-testid": "suggestion-status", dataset: { status: detail.status } }, label("status", detail.status)),
    ),
  );

  const actions = forms.length
    ? section("办理操作", h("div", { class: "actions", "data-testid": "suggestion-actions" }, forms))
    : null;
  if (actions) {
    actions.addEventListener("input", () => {
      dirty = true;
    });
  }

  const parts = [
    head,
    notice,
    h("div", { class: "grid-2" }, facts(detail), handling(detail, unitName)),
    actions,
    section("办理过程", timelineList(detail, unitName)),
  ];
  main.replaceChildren(...parts.filter(Boolean));
}

export async function render(main, context) {
  await show(main, context);
}

export function onLive(notice) {
  if (!shown || (notice && notice.projection && !WATCHED.includes(notice.projection))) return;
  const { main, context } = shown;
  if (dirty) {
    // Someone is filling in a form: offer the refresh instead of wiping what they typed.
    if (main.querySelector(".stale")) return;
    const banner = h(
      "div",
      { class: "flash stale", role: "status" },
      "办理信息已更新。",
      h("button", { type: "button", class: "secondary", onclick: () => show(main, context).catch((error) => main.replaceChildren(errorBox(error))) }, "刷新"),
    );
    main.querySelector(".page-head")?.after(banner);
    return;
  }
  show(main, context).catch((error) => main.replaceChildren(errorBox(error)));
}
