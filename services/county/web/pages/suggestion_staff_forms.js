// The steps county staff (县人大常委会) take on a suggestion: review, register, assign, supervise, decide an
// extension, close and follow up. Each form calls `act(path, done, body)` with the step's route.

import { LABELS, actionForm, checkbox, h, input, required, select, textarea, today } from "../ui.js";
import { DECISIONS, EXTENSION_DECISIONS, GROUNDS, lastOf } from "./suggestion_terms.js";

export function assignForm(detail, units, act) {
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

export function reviewForm(act) {
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

export function registerForm(act) {
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

export function superviseForm(who, act) {
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

export function extensionDecisionForm(detail, act) {
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

export function closeForm(act) {
  return actionForm({
    title: "办结",
    testid: "action-close",
    submit: "办结",
    fields: [{ label: "办结说明", input: textarea("note", { maxlength: 2000 }) }],
    action: (values) => act("close", "已办结", { note: values.note || "" }),
  });
}

export function followUpForm(act) {
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
