// A suggestion's case view: its facts (建议信息), and its units, clocks, replies and ratings (办理与期限).

import { colourBadge, day, h, label, section, today } from "../ui.js";
import { ASPECTS, DUE_FOR, PERIODS, UNIT_ROLES, lastOf } from "./suggestion_terms.js";

function daysBetween(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
}

function kv(rows) {
  return h(
    "dl",
    { class: "kv" },
    rows.filter(Boolean).flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value ?? "—")]),
  );
}

/** Unit names from what the page can see: the unit list (staff), the events, and the caller's own unit. */
export function unitNames(detail, units, who) {
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

export function facts(detail) {
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

export function handling(detail, unitName) {
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
