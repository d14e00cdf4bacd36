// A suggestion's handling timeline (办理过程): every step with who took it, when, and what it said.

import { day, h, label, moment } from "../ui.js";
import { ACTORS, ASPECTS, DECISIONS, GROUNDS, METHODS, PERIODS, STAGES } from "./suggestion_terms.js";

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

/** Recorded times are UTC; some arrive without an offset, which the browser would read as local time. */
function when(value) {
  if (!value) return "—";
  const text = String(value);
  return moment(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
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

export function timelineList(detail, unitName) {
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
