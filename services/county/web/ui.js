// Small building blocks every page uses: an element builder, Chinese labels, formats, a table.

import { APPOINTMENT_KIND_LABELS, CATEGORY_LABELS, GRADE_LABELS, STATUS_LABELS } from "./contract.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const LABELS = {
  role: {
    county_staff: "县人大常委会",
    township_staff: "乡镇人大",
    station_liaison: "联络站联络员",
    deputy: "人大代表",
    handling_unit: "承办单位",
    city_viewer: "市人大（查看）",
    auditor: "审计（查看）",
  },
  status: STATUS_LABELS,
  category: CATEGORY_LABELS,
  colour: { red: "红色（超期）", yellow: "黄色（临期）", green: "绿色（正常）", grey: "灰色（未交办/已结）" },
  level: { city: "市", county: "县", township: "乡镇", village: "村（社区）", station: "联络站", own: "本级" },
  deputyLevel: { national: "全国", provincial: "省", city: "市", county: "县", township: "乡镇" },
  reply: { solved: "A 已解决", in_progress: "B 正在解决", planned: "B 列入计划", for_reference: "C 留作参考" },
  satisfaction: { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" },
  supervision: { phone: "电话催办", visit: "上门督办", meeting: "会议督办", inspection: "视察" },
  route: { township_department: "乡镇职能部门", county: "转县级部门", city: "转市级", deputy_suggestion: "转代表建议" },
  grade: GRADE_LABELS,
  deputyStatus: { serving: "在任", left: "已离任" },
  election: { general: "换届选举", by_election: "补选" },
  groupKind: { deputy_group: "代表小组", specialty_group: "专业小组" },
  leavingReason: {
    resigned: "辞职",
    resignation_advised: "劝辞后辞职",
    resignation_ordered: "责令辞职",
    recalled: "罢免",
    term_ended: "任期届满",
    moved_away: "迁出调离",
    deceased: "去世",
    qualification_terminated: "代表资格终止",
  },
  ledgerItem: {
    congress_session: "出席人代会",
    standing_meeting: "列席常委会会议",
    station_reception: "进站接待选民",
    inspection: "视察",
    survey: "调研",
    training: "学习培训",
    group_activity: "代表小组活动",
    report_to_voters: "向选民述职",
    opinion_taken: "收集群众意见",
    suggestion_led: "领衔提出建议",
    suggestion_co_signed: "附议建议",
    rating_given: "建议办理测评",
    on_site_check: "实地察看建议办理",
    leave: "请假",
  },
  reviewStage: { self: "本人确认", group: "代表小组审核", township: "乡镇人大审核", county: "县人大常委会审核" },
  reviewVerdict: { confirmed: "已确认", disputed: "有异议" },
  appointmentKind: APPOINTMENT_KIND_LABELS,
  appointmentStage: {
    vetting: "待主任会议审查",
    preparation: "任前准备",
    meeting: "提请常委会审议",
    decided: "已表决",
    in_office: "在任",
  },
  appointmentEvent: {
    AppointmentRequested: "依法提请",
    AppointmentVetted: "主任会议审查",
    PreAppointmentTalkHeld: "任前座谈",
    PreAppointmentNoticePublished: "任前公示",
    EconomicAuditCompleted: "任前经济责任审计",
    LawExamTaken: "任前法律知识考试",
    AppointeeIntroduced: "提请说明",
    StatementMade: "供职发言",
    BallotTaken: "常委会无记名投票表决",
    CertificateIssued: "颁发任命书",
    OathTaken: "宪法宣誓",
    PerformanceReviewed: "任后述职评议",
    InquiryFiled: "提出质询案",
  },
  requestingUnit: {
    government: "县人民政府",
    supervision_commission: "县监察委员会",
    court: "县人民法院",
    procuratorate: "县人民检察院",
    standing_committee: "常委会主任会议",
    other: "其他",
  },
  reviewResult: { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" },
};

export const label = (group, value) => (value === null || value === undefined ? "—" : LABELS[group]?.[value] ?? value);

export function percent(rate) {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}

export function day(value) {
  return value ? String(value).slice(0, 10) : "—";
}

export function moment(value) {
  if (!value) return "—";
  return new Date(value).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
}

export function today() {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

export function colourBadge(colour) {
  return h("span", { class: `badge colour-${colour}`, title: label("colour", colour) }, label("colour", colour).slice(0, 2));
}

export function errorBox(error) {
  const field = error.field ? `（字段：${error.field}）` : "";
  return h("div", { class: "error", role: "alert" }, `${error.message}${field}`, error.code ? h("code", {}, error.code) : null);
}

export function loading(main) {
  main.replaceChildren(h("p", { class: "muted" }, "正在加载……"));
}

/** A table: columns are {title, value(row) → node or text, class?}; a row click calls onRow(row). */
export function table(columns, rows, { onRow, empty = "没有记录", testid } = {}) {
  const head = h("tr", {}, columns.map((column) => h("th", { class: column.class }, column.title)));
  const body = rows.length
    ? rows.map((row) =>
        h(
          "tr",
          { class: onRow ? "clickable" : null, onclick: onRow ? () => onRow(row) : null },
          columns.map((column) => h("td", { class: column.class }, column.value(row))),
        ),
      )
    : [h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, empty))];
  return h("table", { class: "grid", "data-testid": testid }, h("thead", {}, head), h("tbody", {}, body));
}

export function card(title, value, { note, tone, testid, href } = {}) {
  return h(
    href ? "a" : "div",
    { class: `card ${tone || ""}`, "data-testid": testid, href },
    h("div", { class: "card-title" }, title),
    h("div", { class: "card-value" }, value),
    note ? h("div", { class: "card-note" }, note) : null,
  );
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

/** A form whose submit calls `action(values)`; shows the platform's error under it, or `done`. */
export function actionForm({ title, fields, submit, action, testid }) {
  const message = h("div", { class: "form-message" });
  const form = h(
    "form",
    { class: "action-form", "data-testid": testid },
    h("h3", {}, title),
    fields.map((field) => h("label", {}, h("span", {}, field.label), field.input)),
    h("button", { type: "submit" }, submit),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    form.querySelector("button").disabled = true;
    try {
      await action(values);
      message.replaceChildren(h("span", { class: "ok" }, "已提交"));
    } catch (error) {
      message.replaceChildren(errorBox(error));
    } finally {
      form.querySelector("button").disabled = false;
    }
  });
  return form;
}

export function select(name, options, { value, blank } = {}) {
  return h(
    "select",
    { name },
    blank !== undefined ? h("option", { value: "" }, blank) : null,
    Object.entries(options).map(([key, text]) => h("option", { value: key, selected: key === value }, text)),
  );
}

// Inputs for the action forms.

export function input(name, attributes = {}) {
  return h("input", { name, ...attributes });
}

export function textarea(name, attributes = {}) {
  return h("textarea", { name, ...attributes });
}

export function required(control) {
  control.required = true;
  return control;
}

export function checkbox(name, text, checked = false) {
  return h("span", { class: "check" }, h("input", { type: "checkbox", name, checked }), text);
}
