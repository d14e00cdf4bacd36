// The words of a suggestion's handling the case page, its timeline and its forms share, and the statuses
// in which each step is open (from suggestion_rules.py, through the service's contract module).

import { STATUS_GROUPS } from "../contract.js";

export const DECISIONS = {
  accepted: "立案",
  revision_requested: "退回修改",
  withdrawal_advised: "建议撤回",
  not_accepted: "不作为建议",
};

export const GROUNDS = {
  outside_jurisdiction: "不属于本级职权范围",
  personal_matter: "属个人诉求",
  no_real_content: "无实质内容",
};

export const PERIODS = { during_session: "大会期间", between_sessions: "闭会期间" };

export const STAGES = { before: "办前沟通", during: "办中沟通", after: "办后沟通" };

export const METHODS = { in_person: "当面", meeting: "座谈会", phone: "电话", written: "书面" };

export const ASPECTS = {
  leadership: "组织领导",
  attitude: "办理态度",
  communication: "面商沟通",
  reply_quality: "答复质量",
  implementation: "落实情况",
  overall: "综合评价",
};

export const UNIT_ROLES = { lead: "主办", co: "协办" };

// What the current due date is for, by status (suggestion_queries.py picks the date the same way).
export const DUE_FOR = {
  submitted: "交办",
  accepted: "交办",
  registered: "交办",
  returned: "重新交办",
  assigned: "答复",
  rehandling: "第二次答复",
};

export const EXTENSION_DECISIONS = { approve: "批准延期", decline: "不予批准" };

export const ACTORS = { "demo-seed": "演示数据" };

export const AWAITING_ASSIGNMENT = STATUS_GROUPS.awaiting_assignment;
export const AWAITING_REPLY = STATUS_GROUPS.awaiting_reply;
export const IN_HANDLING = STATUS_GROUPS.in_handling;
export const MAX_EXTENSION_MONTHS = 3;

export function lastOf(timeline, type) {
  return [...timeline].reverse().find((step) => step.event_type === type) || null;
}
