// The steps the signed-in role may take on a suggestion in its present status, as forms; a deputy's own
// step, the rating (满意度测评), is here too. The service decides again on every step.

import { LABELS, actionForm, day, h, required, select, today } from "../ui.js";
import {
  assignForm,
  closeForm,
  extensionDecisionForm,
  followUpForm,
  registerForm,
  reviewForm,
  superviseForm,
} from "./suggestion_staff_forms.js";
import { ASPECTS, AWAITING_ASSIGNMENT, AWAITING_REPLY, IN_HANDLING, MAX_EXTENSION_MONTHS } from "./suggestion_terms.js";
import { coOpinionForm, contactForm, extensionForm, replyForm, returnForm } from "./suggestion_unit_forms.js";

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
export function actionsFor(detail, { who, units, act }) {
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
