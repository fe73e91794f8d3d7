// The canonical import formats: one list of fields per kind of file. Everything else derives from these
// lists: automatic column matching (aliases), header checks (required), row validation (type, maxLength)
// and the field reference shown to agencies (description, example).
import {
  ActivityType,
  ComplaintSource,
  ConsentScope,
  ContactParty,
  ContactPlace,
  ContactRestriction,
  Direction,
  DisputeForm,
  AcknowledgmentStatus,
  ImportKind,
  LedgerChannel,
  Outcome,
  RecallReason,
  Severity,
  VoicemailContent,
} from "~/generated/prisma/enums";

export type FieldType =
  /** An identifier: trimmed, at most MAX_TEXT_LENGTH characters. */
  | "id"
  /** Short free text: trimmed. */
  | "text"
  /** Long free text (messages, complaint descriptions): stored exactly as given. */
  | "longText"
  | "date"
  | "dateTime"
  /** Money: non-negative, at most 2 decimal places, normalised to "1234.50". */
  | "decimal"
  /** Money that may be negative (ledger reversals): at most 2 decimal places, normalised to "-1234.50". */
  | "signedDecimal"
  /** A whole number ≥ 0. */
  | "integer"
  | "enum"
  | "boolean"
  | "phone"
  /** Several phone numbers separated by ";". */
  | "phoneList"
  | "timeZone"
  /** Several IANA zones separated by ";". */
  | "timeZoneList"
  /** A range of local hours "HH:mm-HH:mm", normalised to that form. */
  | "hours"
  | "currency"
  /** A US state: its two-letter code, English or Chinese name, stored as the code. */
  | "usState";

export interface CanonicalFieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  /** Required in every row (the column must exist and the value must not be blank). */
  readonly required: boolean;
  /** For fields required only in some rows: when, in words. */
  readonly requiredWhen?: string;
  readonly values?: readonly string[];
  readonly maxLength: number;
  readonly description: string;
  readonly example: string;
  /** Other headers matched to this field automatically; compared ignoring case, spaces and punctuation. */
  readonly aliases: readonly string[];
  /** The debtor's personal data, masked for roles that may not see it (app/privacy/mask.ts). */
  readonly personalData?: PersonalDataKind;
}

export type PersonalDataKind = "name" | "phone" | "address";

/** Limit for identifiers and short text. */
export const MAX_TEXT_LENGTH = 500;
/** Limit for message texts and complaint descriptions. */
export const MAX_LONG_TEXT_LENGTH = 10_000;

/** Activity types that are contacts made by a person, so the agent who made them must be named. */
export const AGENT_REQUIRED_TYPES: readonly ActivityType[] = [
  ActivityType.CALL,
  ActivityType.SMS,
  ActivityType.EMAIL,
  ActivityType.VISIT,
];

/** Media a consumer can opt out of (12 CFR 1006.14(h)): the restricted_medium of a CONTACT_RESTRICTION. */
export const RESTRICTABLE_MEDIA: readonly ActivityType[] = [
  ActivityType.CALL,
  ActivityType.SMS,
  ActivityType.EMAIL,
  ActivityType.LETTER,
  ActivityType.VISIT,
];

/** Activity types whose fact the ends_at field bounds. */
export const ENDING_TYPES: readonly ActivityType[] = [ActivityType.CONSENT, ActivityType.CONTACT_RESTRICTION, ActivityType.VALIDATION_NOTICE];

const short = { maxLength: MAX_TEXT_LENGTH } as const;

export const placementFields = [
  {
    name: "account_number",
    type: "id",
    required: true,
    ...short,
    description: "The lender's account (loan contract) number.",
    example: "6222021234567890",
    aliases: ["account", "account no", "acct no", "loan account", "账号", "合同号", "借据号", "贷款账号"],
  },
  {
    name: "customer_id",
    type: "id",
    required: true,
    ...short,
    description: "The lender's customer id: one debtor may have several accounts.",
    example: "C100234",
    aliases: ["customer", "customer no", "客户号", "客户编号", "客户id"],
  },
  {
    name: "agency_code",
    type: "id",
    required: true,
    ...short,
    description: "Code of the agency the account is placed with.",
    example: "HZ01",
    aliases: ["agency", "机构代码", "机构编号", "委外机构", "催收机构"],
  },
  {
    name: "placed_at",
    type: "date",
    required: true,
    ...short,
    description: "Date the account was placed with the agency (YYYY-MM-DD).",
    example: "2026-03-01",
    aliases: ["placement date", "placed date", "委案日期", "委托日期", "分案日期"],
  },
  {
    name: "placed_balance",
    type: "decimal",
    required: true,
    ...short,
    description: "Balance placed for collection, a number ≥ 0 with at most 2 decimal places.",
    example: "15800.00",
    aliases: ["balance", "placed amount", "委案金额", "委案余额", "欠款金额"],
  },
  {
    name: "currency",
    type: "currency",
    required: false,
    ...short,
    description: "ISO 4217 currency code; when blank, the lender's default currency.",
    example: "CNY",
    aliases: ["币种"],
  },
  {
    name: "recalled_at",
    type: "date",
    required: false,
    ...short,
    description: "Date the account was recalled from the agency, if it has been.",
    example: "2026-06-01",
    aliases: ["recall date", "撤案日期", "退案日期"],
  },
  {
    name: "recall_reason",
    type: "enum",
    required: false,
    values: Object.values(RecallReason),
    ...short,
    description:
      "Why the account was recalled, given with recalled_at: PAID_IN_FULL, SETTLED, DISPUTE, BANKRUPTCY, DECEASED, CEASE_REQUEST, END_OF_TERM, PERFORMANCE, LENDER_REQUEST (or in Chinese: 结清, 和解, 争议, 破产, 死亡, 停催, 委托到期, 业绩不佳, 委托方要求).",
    example: "END_OF_TERM",
    aliases: ["recall reason", "reason for recall", "撤案原因", "退案原因", "召回原因"],
  },
  {
    name: "dpd_at_placement",
    type: "integer",
    required: false,
    ...short,
    description: "Days past due when placed, a whole number ≥ 0.",
    example: "95",
    aliases: ["dpd", "days past due", "逾期天数"],
  },
  {
    name: "product",
    type: "text",
    required: false,
    ...short,
    description: "Loan product.",
    example: "消费贷",
    aliases: ["产品", "产品名称"],
  },
  {
    name: "debtor_name",
    personalData: "name",
    type: "text",
    required: false,
    ...short,
    description: "Debtor's name.",
    example: "王小明",
    aliases: ["name", "customer name", "debtor", "姓名", "客户姓名", "借款人姓名"],
  },
  {
    name: "debtor_phones",
    personalData: "phone",
    type: "phoneList",
    required: false,
    ...short,
    description: "Debtor's phone numbers separated by ';'. Spaces and dashes are removed.",
    example: "13812345678;+8613900001111",
    aliases: ["phones", "phone numbers", "phone", "电话", "联系电话", "手机号", "手机号码"],
  },
  {
    name: "debtor_timezone",
    type: "timeZone",
    required: false,
    ...short,
    description: "Debtor's IANA time zone, e.g. Asia/Shanghai; when blank, the agency's.",
    example: "Asia/Shanghai",
    aliases: ["time zone", "timezone", "时区"],
  },
  {
    name: "third_party_consent",
    type: "boolean",
    required: false,
    ...short,
    description:
      "Whether the debtor consented to contact with third parties, in the lender's records: true or false. The China pack reads it as consent; the US pack does not, since only consent given directly to the agency counts (a CONSENT activity).",
    example: "false",
    aliases: ["第三方联系授权", "第三方同意"],
  },
  {
    name: "possible_timezones",
    type: "timeZoneList",
    required: false,
    ...short,
    description:
      "Further IANA time zones the debtor may be in (another address, the area codes of their phone numbers), separated by ';'. A contact must be convenient in every one of them (12 CFR 1006.6(b)(1)(i)).",
    example: "America/Chicago;America/Denver",
    aliases: ["possible time zones", "other time zones", "可能时区", "其他时区"],
  },
  {
    name: "state",
    type: "usState",
    required: false,
    ...short,
    description:
      "US accounts: the debtor's state, as its two-letter code (MA, NY), its English name or its Chinese name; stored as the code. Its state rules overlay the US rule pack. Blank: the federal rules alone.",
    example: "MA",
    aliases: ["debtor_state", "us_state", "state_code", "州", "所在州", "居住州", "债务人所在州"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

export const activityFields = [
  {
    name: "event_id",
    type: "id",
    required: true,
    ...short,
    description: "The agency's own id for the event, unique per agency. Sending the same id again updates nothing if identical and is flagged as a conflict if different.",
    example: "E20260301-0001",
    aliases: ["event", "record id", "事件编号", "流水号", "记录编号"],
  },
  {
    name: "account_number",
    type: "id",
    required: true,
    ...short,
    description: "The lender's account number.",
    example: "6222021234567890",
    aliases: ["account", "account no", "acct no", "账号", "合同号", "借据号"],
  },
  {
    name: "agent_id",
    type: "id",
    required: false,
    requiredWhen: "type is CALL, SMS, EMAIL or VISIT",
    ...short,
    description: "The agency's id for the collector who acted. Required for calls, SMS, e-mails and visits.",
    example: "A007",
    aliases: ["agent", "collector id", "催收员工号", "坐席工号", "工号"],
  },
  {
    name: "agent_name",
    type: "text",
    required: false,
    ...short,
    description: "The collector's name.",
    example: "李娜",
    aliases: ["collector", "collector name", "催收员姓名", "坐席姓名", "催收员"],
  },
  {
    name: "occurred_at",
    type: "dateTime",
    required: true,
    ...short,
    description: "When it happened: ISO 8601 with offset (2026-03-01T14:30:00+08:00), or YYYY-MM-DD HH:mm[:ss] in the agency's time zone.",
    example: "2026-03-01 14:30:00",
    aliases: ["time", "timestamp", "date time", "时间", "催收时间", "联系时间", "发生时间"],
  },
  {
    name: "type",
    type: "enum",
    values: Object.values(ActivityType),
    required: true,
    ...short,
    description: "What happened.",
    example: "CALL",
    aliases: ["activity type", "方式", "类型", "催收方式"],
  },
  {
    name: "direction",
    type: "enum",
    values: Object.values(Direction),
    required: false,
    ...short,
    description: "OUTBOUND (the agency contacted the debtor, the default) or INBOUND.",
    example: "OUTBOUND",
    aliases: ["方向", "呼叫方向"],
  },
  {
    name: "contact_party",
    type: "enum",
    values: Object.values(ContactParty),
    required: false,
    ...short,
    description: "Who was reached.",
    example: "DEBTOR",
    aliases: ["party", "contact", "对象", "联系对象", "关系"],
  },
  {
    name: "outcome",
    type: "enum",
    values: Object.values(Outcome),
    required: false,
    ...short,
    description: "How the contact ended.",
    example: "CONNECTED",
    aliases: ["result", "结果", "通话结果", "催收结果", "联系结果"],
  },
  {
    name: "phone_number",
    personalData: "phone",
    type: "phone",
    required: false,
    ...short,
    description: "The number called or texted. Spaces and dashes are removed.",
    example: "13812345678",
    aliases: ["phone", "电话", "号码", "联系电话", "电话号码", "手机号"],
  },
  {
    name: "address",
    personalData: "address",
    type: "text",
    required: false,
    ...short,
    description: "Address visited or written to.",
    example: "上海市浦东新区世纪大道100号",
    aliases: ["地址", "外访地址"],
  },
  {
    name: "duration_seconds",
    type: "integer",
    required: false,
    ...short,
    description: "Call duration in seconds, a whole number ≥ 0.",
    example: "125",
    aliases: ["duration", "时长", "通话时长"],
  },
  {
    name: "message_text",
    type: "longText",
    required: false,
    maxLength: MAX_LONG_TEXT_LENGTH,
    description: "Text of the SMS, e-mail or letter, or the call note, exactly as sent.",
    example: "您好，请于3月10日前还款。",
    aliases: ["message", "text", "content", "内容", "短信内容", "催收内容", "备注"],
  },
  {
    name: "amount",
    type: "decimal",
    required: false,
    ...short,
    description: "Amount paid or promised, a number ≥ 0 with at most 2 decimal places.",
    example: "500.00",
    aliases: ["金额", "还款金额", "承诺金额"],
  },
  {
    name: "currency",
    type: "currency",
    required: false,
    ...short,
    description: "ISO 4217 currency code of the amount; when blank, the lender's default currency.",
    example: "CNY",
    aliases: ["币种"],
  },
  {
    name: "promise_due_date",
    type: "date",
    required: false,
    ...short,
    description: "For promises: the date the debtor promised to pay by.",
    example: "2026-03-10",
    aliases: ["promise date", "承诺日期", "承诺还款日期"],
  },
  {
    name: "visitors",
    type: "integer",
    required: false,
    ...short,
    description: "For visits: how many collectors went.",
    example: "2",
    aliases: ["人数", "上门人数", "外访人数"],
  },
  {
    name: "recording_id",
    type: "id",
    required: false,
    ...short,
    description: "Id of the call recording in the agency's system.",
    example: "REC-88231",
    aliases: ["recording", "录音编号", "录音id"],
  },
  {
    name: "consent_scope",
    type: "enum",
    values: Object.values(ConsentScope),
    required: false,
    requiredWhen: "type is CONSENT or CONSENT_REVOKED",
    ...short,
    description: "What a consent given directly to the agency covers (or what is revoked).",
    example: "INCONVENIENT_TIME",
    aliases: ["consent", "同意范围", "授权范围", "同意事项"],
  },
  {
    name: "restriction",
    type: "enum",
    values: Object.values(ContactRestriction),
    required: false,
    requiredWhen: "type is CONTACT_RESTRICTION",
    ...short,
    description: "What the consumer designated: an inconvenient time, an inconvenient place, or a medium not to be used.",
    example: "INCONVENIENT_TIME",
    aliases: ["restriction type", "限制类型", "联系限制"],
  },
  {
    name: "place",
    type: "enum",
    values: Object.values(ContactPlace),
    required: false,
    requiredWhen: "restriction is INCONVENIENT_PLACE",
    ...short,
    description: "Where the person was reached or visited (HOME, WORK, OTHER); for a place restriction or consent, the place it names.",
    example: "WORK",
    aliases: ["location", "contact place", "地点", "联系地点"],
  },
  {
    name: "restricted_hours",
    type: "hours",
    required: false,
    requiredWhen: "restriction is INCONVENIENT_TIME",
    ...short,
    description: "The consumer's inconvenient hours as HH:mm-HH:mm local time, e.g. 00:00-10:00 for \"not before 10\"; may wrap midnight (21:00-09:00).",
    example: "00:00-10:00",
    aliases: ["inconvenient hours", "不便时段", "限制时段"],
  },
  {
    name: "restricted_medium",
    type: "enum",
    values: RESTRICTABLE_MEDIA,
    required: false,
    requiredWhen: "restriction is MEDIUM",
    ...short,
    description: "The medium the consumer asked not to be used: CALL, SMS, EMAIL, LETTER or VISIT; with phone_number or address, only that number or address.",
    example: "SMS",
    aliases: ["medium", "opted out medium", "限制方式", "退订方式"],
  },
  {
    name: "ends_at",
    type: "dateTime",
    required: false,
    ...short,
    description:
      "When a consent or restriction ends, or the validation period of a validation notice: a time, or a date alone for the end of that day.",
    example: "2026-03-31",
    aliases: ["end", "valid until", "截止时间", "有效期至", "到期日"],
  },
  {
    name: "dispute_form",
    type: "enum",
    values: Object.values(DisputeForm),
    required: false,
    ...short,
    description: "For disputes: WRITTEN or ORAL. Blank is read as written.",
    example: "WRITTEN",
    aliases: ["dispute type", "异议形式", "异议方式"],
  },
  {
    name: "voicemail_content",
    type: "enum",
    values: Object.values(VoicemailContent),
    required: false,
    ...short,
    description: "For calls ending in a voicemail: LIMITED_CONTENT (only a limited-content message) or REVEALS_DEBT.",
    example: "LIMITED_CONTENT",
    aliases: ["voicemail", "留言内容", "留言类型"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

export const complaintFields = [
  {
    name: "complaint_id",
    type: "id",
    required: true,
    ...short,
    description: "The lender's complaint id.",
    example: "CP-2026-0042",
    aliases: ["complaint", "投诉编号", "工单号"],
  },
  {
    name: "account_number",
    type: "id",
    required: false,
    ...short,
    description: "The account complained about, when known.",
    example: "6222021234567890",
    aliases: ["account", "account no", "账号", "合同号", "借据号"],
  },
  {
    name: "agency_code",
    type: "id",
    required: false,
    ...short,
    description: "The agency complained about, when known.",
    example: "HZ01",
    aliases: ["agency", "机构代码", "催收机构", "委外机构"],
  },
  {
    name: "agent_id",
    type: "id",
    required: false,
    ...short,
    description: "The agency's id for the collector complained about, when known.",
    example: "A007",
    aliases: ["agent", "催收员工号", "工号"],
  },
  {
    name: "received_at",
    type: "dateTime",
    required: true,
    ...short,
    description: "When the complaint was received: ISO 8601 with offset, YYYY-MM-DD HH:mm[:ss] in the lender's time zone, or a date alone (start of that day).",
    example: "2026-03-02 09:15",
    aliases: ["received", "投诉时间", "受理时间", "接收时间"],
  },
  {
    name: "source",
    type: "enum",
    // REGULATOR_PUBLIC is the CFPB layout's own (ADR 035): a lender's file cannot move a complaint out of its figures.
    values: Object.values(ComplaintSource).filter((source) => source !== ComplaintSource.REGULATOR_PUBLIC),
    required: true,
    ...short,
    description: "Who complained.",
    example: "DEBTOR",
    aliases: ["投诉来源", "来源", "投诉人类型", "投诉人身份"],
  },
  {
    name: "category",
    type: "text",
    required: true,
    ...short,
    description: "Complaint category in the lender's own classification.",
    example: "骚扰第三方",
    aliases: ["投诉类别", "投诉类型", "类别", "类型"],
  },
  {
    name: "severity",
    type: "enum",
    values: Object.values(Severity),
    required: false,
    ...short,
    description: "LOW, MEDIUM (the default) or HIGH.",
    example: "HIGH",
    aliases: ["严重程度", "等级", "级别"],
  },
  {
    name: "description",
    type: "longText",
    required: false,
    maxLength: MAX_LONG_TEXT_LENGTH,
    description: "What the complainant said, exactly as recorded.",
    example: "催收员多次致电我单位同事。",
    aliases: ["描述", "投诉内容", "内容", "详情"],
  },
  {
    name: "phone_number",
    personalData: "phone",
    type: "phone",
    required: false,
    ...short,
    description: "The number that received the contact (for complaints from people other than the borrower).",
    example: "13900001111",
    aliases: ["phone", "电话", "号码", "联系电话", "来电号码"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

/** An agency's roster: one row per agent, with the agent's latest training (ADR 031). */
export const agentFields = [
  {
    name: "agent_id",
    type: "id",
    required: true,
    ...short,
    description: "The agency's id for the collector, as its activity files name them. Once per file.",
    example: "A007",
    aliases: ["agent", "collector id", "催收员工号", "坐席工号", "工号", "员工编号"],
  },
  {
    name: "agent_name",
    type: "text",
    required: true,
    ...short,
    description: "The collector's name.",
    example: "李娜",
    aliases: ["name", "collector name", "催收员姓名", "坐席姓名", "姓名", "员工姓名"],
  },
  {
    name: "start_date",
    type: "date",
    required: true,
    ...short,
    description: "First working day at the agency (YYYY-MM-DD).",
    example: "2025-09-01",
    aliases: ["start", "hire date", "入职日期", "上岗日期"],
  },
  {
    name: "end_date",
    type: "date",
    required: false,
    ...short,
    description: "Last working day, when the collector has left; blank while employed. Not before start_date.",
    example: "2026-06-30",
    aliases: ["end", "leave date", "termination date", "离职日期", "离岗日期"],
  },
  {
    name: "training_course",
    type: "text",
    required: false,
    ...short,
    description: "The compliance training the collector passed most recently; blank when untrained.",
    example: "催收合规培训 2026",
    aliases: ["course", "training", "培训课程", "培训名称", "培训项目"],
  },
  {
    name: "training_date",
    type: "date",
    required: false,
    requiredWhen: "training_course is given",
    ...short,
    description: "The day the training was completed (YYYY-MM-DD).",
    example: "2026-01-15",
    aliases: ["training date", "培训日期", "培训时间"],
  },
  {
    name: "score",
    type: "decimal",
    required: false,
    ...short,
    description: "Test score, 0 to 100 with at most 2 decimal places.",
    example: "86.5",
    aliases: ["test score", "exam score", "考试成绩", "培训成绩", "成绩", "分数"],
  },
  {
    name: "certificate_expiry",
    type: "date",
    required: false,
    requiredWhen: "training_course is given",
    ...short,
    description: "Last day the training certificate is valid (inclusive, the agency's calendar). Not before training_date.",
    example: "2027-01-14",
    aliases: ["certificate expiry", "expiry", "valid until", "证书有效期", "证书到期日", "有效期至"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

/** An agency's answer to its placements (ADR 039): uploaded for the agency, each row naming one placement. */
export const acknowledgmentFields = [
  {
    name: "account_number",
    type: "id",
    required: true,
    ...short,
    description: "The lender's account number of the placement.",
    example: "6222021234567890",
    aliases: ["account", "account no", "acct no", "账号", "合同号", "借据号", "贷款账号"],
  },
  {
    name: "placed_at",
    type: "date",
    required: true,
    ...short,
    description: "Date the account was placed with the agency (YYYY-MM-DD), as in the lender's placements file.",
    example: "2026-03-01",
    aliases: ["placement date", "placed date", "委案日期", "委托日期", "分案日期"],
  },
  {
    name: "status",
    type: "enum",
    required: true,
    values: Object.values(AcknowledgmentStatus),
    ...short,
    description: "ACCEPTED when the agency took the account up, REJECTED when it declined it (or in Chinese: 接受, 拒绝).",
    example: "REJECTED",
    aliases: ["acknowledgment", "acknowledgement", "decision", "回执", "接案状态", "受理结果", "确认结果"],
  },
  {
    name: "reason",
    type: "text",
    required: false,
    requiredWhen: "status is REJECTED",
    ...short,
    description: "Why the agency rejected the placement (required for REJECTED).",
    example: "债务人已移居境外",
    aliases: ["reject reason", "rejection reason", "拒绝原因", "退回原因", "原因"],
  },
  {
    name: "acknowledged_at",
    type: "date",
    required: false,
    ...short,
    description: "The agency's date of the answer (YYYY-MM-DD); when blank, the day of the import.",
    example: "2026-03-03",
    aliases: ["acknowledged", "acknowledgment date", "回执日期", "确认日期", "接案日期"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

/** The lender's own ledger of money received (ADR 038): what reconciliation checks the agencies' PAYMENT events against. */
export const paymentFields = [
  {
    name: "ledger_ref",
    type: "id",
    required: true,
    ...short,
    description: "The lender's unique reference of the ledger entry. A resend of the same entry is recognised by it.",
    example: "LG-2026-000123",
    aliases: ["ledger ref", "ledger id", "entry id", "transaction id", "流水号", "交易流水号", "入账流水号"],
  },
  {
    name: "account_number",
    type: "id",
    required: true,
    ...short,
    description: "The account the money was received for.",
    example: "6222021234567890",
    aliases: ["account", "account no", "acct no", "账号", "合同号", "借据号"],
  },
  {
    name: "received_at",
    type: "date",
    required: true,
    ...short,
    description: "The day the lender's books received the money (YYYY-MM-DD).",
    example: "2026-03-05",
    aliases: ["received", "received date", "value date", "posting date", "入账日期", "到账日期", "收款日期"],
  },
  {
    name: "amount",
    type: "signedDecimal",
    required: true,
    ...short,
    description: "Amount received, at most 2 decimal places; negative for a reversal or chargeback.",
    example: "500.00",
    aliases: ["金额", "入账金额", "到账金额", "收款金额"],
  },
  {
    name: "currency",
    type: "currency",
    required: false,
    ...short,
    description: "ISO 4217 currency code of the amount; when blank, the lender's default currency.",
    example: "CNY",
    aliases: ["币种"],
  },
  {
    name: "channel",
    type: "enum",
    values: Object.values(LedgerChannel),
    required: false,
    ...short,
    description: "How the money arrived: AGENCY_REMITTANCE (remitted by an agency), DIRECT (the debtor paid the lender), BANK_TRANSFER or REVERSAL.",
    example: "AGENCY_REMITTANCE",
    aliases: ["渠道", "入账渠道", "收款渠道"],
  },
  {
    name: "agency_code",
    type: "id",
    required: false,
    requiredWhen: "channel is AGENCY_REMITTANCE",
    ...short,
    description: "Code of the agency that remitted the money, when an agency did.",
    example: "HZ01",
    aliases: ["agency", "机构代码", "催收机构", "委外机构"],
  },
  {
    name: "remittance_ref",
    type: "id",
    required: false,
    ...short,
    description: "The agency's remittance (transfer) reference.",
    example: "RM-202603-07",
    aliases: ["remittance", "remittance no", "回款编号", "划款编号"],
  },
  {
    name: "reverses_ledger_ref",
    type: "id",
    required: false,
    ...short,
    description: "For a reversal or chargeback: the ledger_ref of the entry it reverses.",
    example: "LG-2026-000101",
    aliases: ["reverses", "original ledger ref", "原流水号", "冲正流水号"],
  },
] as const satisfies readonly CanonicalFieldDefinition[];

export type PlacementField = (typeof placementFields)[number]["name"];
export type AcknowledgmentField = (typeof acknowledgmentFields)[number]["name"];
export type ActivityField = (typeof activityFields)[number]["name"];
export type ComplaintField = (typeof complaintFields)[number]["name"];
export type AgentField = (typeof agentFields)[number]["name"];
export type PaymentField = (typeof paymentFields)[number]["name"];
export type CanonicalField = PlacementField | ActivityField | ComplaintField | AgentField | AcknowledgmentField | PaymentField;

export interface CanonicalFieldsByKind {
  PLACEMENTS: PlacementField;
  ACTIVITIES: ActivityField;
  COMPLAINTS: ComplaintField;
  AGENTS: AgentField;
  ACKNOWLEDGMENTS: AcknowledgmentField;
  PAYMENTS: PaymentField;
}

/** A row in canonical form: canonical field name → the agency's value (after value mapping), as text. */
export type CanonicalRecord = Partial<Record<CanonicalField, string>>;

export const canonicalFields: { readonly [K in ImportKind]: readonly (CanonicalFieldDefinition & { name: CanonicalFieldsByKind[K] })[] } = {
  [ImportKind.PLACEMENTS]: placementFields,
  [ImportKind.ACTIVITIES]: activityFields,
  [ImportKind.COMPLAINTS]: complaintFields,
  [ImportKind.AGENTS]: agentFields,
  [ImportKind.ACKNOWLEDGMENTS]: acknowledgmentFields,
  [ImportKind.PAYMENTS]: paymentFields,
};

export function fieldsFor(kind: ImportKind): readonly CanonicalFieldDefinition[] {
  return canonicalFields[kind];
}

export function fieldNamesFor(kind: ImportKind): string[] {
  return canonicalFields[kind].map((field) => field.name);
}

export function requiredFieldsFor(kind: ImportKind): string[] {
  return canonicalFields[kind].filter((field) => field.required).map((field) => field.name);
}

export function fieldDefinition(kind: ImportKind, name: string): CanonicalFieldDefinition | undefined {
  return canonicalFields[kind].find((field) => field.name === name);
}

export function isCanonicalField(kind: ImportKind, name: string): boolean {
  return canonicalFields[kind].some((field) => field.name === name);
}

/** Worksheet names recognised as holding a kind's rows in a multi-sheet workbook (compared ignoring case). */
export const sheetNamesByKind: { readonly [K in ImportKind]: readonly string[] } = {
  [ImportKind.PLACEMENTS]: ["placements", "placement", "委案", "委案明细", "委案清单"],
  [ImportKind.ACTIVITIES]: ["activities", "activity", "催收记录", "催记", "催收明细"],
  [ImportKind.COMPLAINTS]: ["complaints", "complaint", "投诉", "投诉记录", "投诉明细"],
  [ImportKind.AGENTS]: ["agents", "roster", "催收员", "人员名单", "催收员名单", "花名册"],
  [ImportKind.ACKNOWLEDGMENTS]: ["acknowledgments", "acknowledgements", "回执", "接案回执", "委案回执"],
  [ImportKind.PAYMENTS]: ["payments", "ledger", "收款", "入账明细", "收款明细", "还款流水"],
};
