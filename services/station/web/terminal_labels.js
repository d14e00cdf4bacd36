// The terminal's words: what each queued command, activity, opinion status and field is called on screen.

export const COMMAND_LABELS = {
  schedule_reception: "安排接待活动",
  hold_reception: "记录活动举行",
  check_in: "代表签到",
  request_leave: "代表请假",
  record_opinion: "登记意见",
  solve_on_spot: "当场解决",
  refer_to_township: "转交乡镇",
  give_feedback: "反馈群众"
};

export const KIND_LABELS = {
  reception_day: "接待日",
  activity_day: "代表活动日",
  voter_meeting: "选民见面会",
  inspection: "视察",
  survey: "调研"
};

export const STATUS_LABELS = {
  recorded: "待处理",
  solved_on_spot: "当场解决",
  referred: "已转交乡镇",
  answered: "乡镇已答复",
  closed: "已办结"
};

export const OUTCOME_LABELS = { solved: "已解决", in_coordination: "协调中" };

export const LEVEL_LABELS = {
  national: "全国人大代表",
  provincial: "省人大代表",
  city: "市人大代表",
  county: "县人大代表",
  township: "乡镇人大代表"
};

export const FIELD_LABELS = {
  category: "类别",
  content: "意见内容",
  place: "地点",
  voter_name: "群众姓名",
  voter_phone: "联系电话",
  voters_received: "接待群众人数",
  topics: "议题",
  notes: "记录",
  reason: "请假事由",
  resolution: "解决情况",
  occurred_at: "发生时间",
  scheduled_on: "日期",
  held_on: "举行日期",
  reception_id: "接待活动",
  deputy_id: "代表",
  opinion_id: "意见"
};

export const ATTENDANCE_LABELS = {
  checked_in: "已签到",
  on_leave: "已请假",
  checked_in_pending: "已签到（待上传）",
  on_leave_pending: "已请假（待上传）"
};

export const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];
