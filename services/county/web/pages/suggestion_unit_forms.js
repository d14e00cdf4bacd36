// The steps a handling unit (承办单位) takes on a suggestion: reply, return, ask for an extension, log its
// contacts with the deputy and give its co-unit opinion. Each form calls `act(path, done, body)`.

import { LABELS, actionForm, checkbox, day, input, required, select, textarea, today } from "../ui.js";
import { MAX_EXTENSION_MONTHS, METHODS, STAGES } from "./suggestion_terms.js";

export function replyForm(detail, act) {
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

export function returnForm(detail, act) {
  return actionForm({
    title: `退回（须在 ${day(detail.return_due)} 前）`,
    testid: "action-return",
    submit: "退回县人大",
    fields: [{ label: "退回理由", input: required(textarea("reason", { maxlength: 2000, placeholder: "说明不属于本单位职责的理由" })) }],
    action: (values) => act("return", "已退回", { reason: values.reason }),
  });
}

export function extensionForm(detail, act) {
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

export function contactForm(act) {
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

export function coOpinionForm(act) {
  return actionForm({
    title: "协办意见",
    testid: "action-co-opinion",
    submit: "提交协办意见",
    fields: [{ label: "意见", input: required(textarea("opinion", { maxlength: 5000 })) }],
    action: (values) => act("co-opinion", "已提交协办意见", { opinion: values.opinion }),
  });
}
