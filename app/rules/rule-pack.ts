// A rule pack is the data half of the rules: which rules are on, how severe a breach is, and every threshold,
// window and lexicon. The code half lives in ./rules and never hard-codes a figure, because the sources disagree
// and change (see shared/DOMAIN.md): compliance edits a new pack version instead of waiting for a release.
import { z } from "zod";
import { ActivityType, ContactParty, Outcome, Severity } from "~/generated/prisma/enums";

export const RULE_CODES = [
  "CONTACT_HOURS",
  "DAILY_CONNECTED_CALLS",
  "DAILY_ATTEMPTS_PER_NUMBER",
  "CALL_FREQUENCY_7IN7",
  "CALL_AFTER_CONVERSATION",
  "THIRD_PARTY_CONTACT",
  "THIRD_PARTY_DISCLOSURE",
  "WRONG_PARTY_REPEAT",
  "ABUSIVE_LANGUAGE",
  "CONTACT_AFTER_CEASE",
  "CONTACT_DURING_DISPUTE",
  "CONTACT_AFTER_RECALL",
  "VISIT_RULES",
  "CALL_RECORDING_MISSING",
  "SMS_REQUIRED_CONTENT",
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

const severity = z.enum(Severity);
const activityType = z.enum(ActivityType);
const contactParty = z.enum(ContactParty);
const outcome = z.enum(Outcome);

function uniqueList<T extends z.ZodType<string>>(item: T) {
  return z
    .array(item)
    .min(1)
    .refine((values) => new Set(values).size === values.length, "list contains duplicates");
}

const timeOfDay = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time "HH:mm"');

/**
 * A lexicon entry: matched case-insensitively after Unicode NFKC normalisation (full-width letters count).
 * Entries made of Latin letters or digits match whole words only ("owe" does not match "power"); a trailing "*"
 * also matches any Latin suffix ("debt*" → debt, debts, debtor). Chinese entries match anywhere in the text.
 */
const lexiconTerm = z
  .string()
  .trim()
  .min(1)
  .refine((term) => {
    const core = term.endsWith("*") ? term.slice(0, -1) : term;
    return core.trim().length > 0 && !core.includes("*");
  }, 'a term may only end with "*", and needs text before it');

const lexicon = uniqueList(lexiconTerm);

/** A JavaScript regular expression source, evaluated with the flags "iu" against NFKC-normalised text. */
const regexSource = z
  .string()
  .min(1)
  .refine((source) => {
    try {
      new RegExp(source, "iu");
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

/**
 * ACCOUNT counts every agency's activity on the account together (what the debtor experiences); ACCOUNT_AGENCY
 * judges each agency on its own activity, the reading of Reg F in which each debt collector has its own limits.
 */
const scope = z.enum(["ACCOUNT", "ACCOUNT_AGENCY"]);

const base = { enabled: z.boolean(), severity };

const contactHours = z
  .strictObject({
    ...base,
    /** Earliest allowed local time, inclusive. */
    start: timeOfDay,
    /** Latest allowed local time, exclusive: with "22:00", 21:59:59 passes and 22:00:00 fails. */
    end: timeOfDay,
    activityTypes: uniqueList(activityType),
  })
  .refine((p) => p.start !== p.end, { message: "start and end must differ", path: ["end"] })
  .refine((p) => p.start !== "24:00", { message: "start cannot be 24:00", path: ["start"] });

const dailyConnectedCalls = z.strictObject({
  ...base,
  maxPerDay: z.int().min(1),
  /** Outcomes that make a call "effective" (connected, interactive). */
  countedOutcomes: uniqueList(outcome),
  /** Who must have been reached for the call to count as a call to the debtor; null contactParty reads as UNKNOWN. */
  countedParties: uniqueList(contactParty),
});

const dailyAttemptsPerNumber = z.strictObject({
  ...base,
  maxPerDay: z.int().min(1),
  /** null: every attempt counts whatever its outcome, including attempts recorded without one. */
  countedOutcomes: uniqueList(outcome).nullable(),
});

const callFrequency = z.strictObject({
  ...base,
  /** Calls allowed within the window; the next one is the violation. */
  maxCalls: z.int().min(1),
  /** Length of the rolling window in consecutive local calendar days. */
  windowDays: z.int().min(1).max(366),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  scope,
});

const callAfterConversation = z.strictObject({
  ...base,
  /** Local calendar days, counting the conversation day as day 1, in which no further call may be placed. */
  quietDays: z.int().min(1).max(366),
  /** Parties with whom a CONNECTED call (either direction) is a telephone conversation with the debtor. */
  conversationParties: uniqueList(contactParty),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  scope,
});

const thirdPartyContact = z.strictObject({
  ...base,
  /** Reg F 1006.6(d): the spouse is the consumer. In China the spouse is family, hence a third party. */
  spouseCountsAsDebtor: z.boolean(),
  contactTypes: uniqueList(activityType),
  /** How many of the latest call attempts to the debtor must all have failed before third parties may be contacted. */
  failedAttemptsRequired: z.int().min(1),
  failedOutcomes: uniqueList(outcome),
  /**
   * The debtor also counts as unreachable when every number on file has its latest attempt ending in one of these
   * (the number is invalid), however few attempts that took.
   */
  invalidNumberOutcomes: z.array(outcome),
});

const thirdPartyDisclosure = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  /** Channels whose messageText is the message itself (add CALL to read voicemail scripts). */
  messageTypes: uniqueList(activityType),
  lexicon,
  /** Also treat a money amount in the text (¥1,200 / 1200元 / $300 / 300 USD) as revealing the debt. */
  detectAmounts: z.boolean(),
});

const wrongPartyRepeat = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /** Whether NON_BORROWER complaint reports (passed in by the adapter) mark numbers as wrong. */
  includeComplaints: z.boolean(),
  /** A later CONNECTED contact with the DEBTOR on the number (either direction) proves it is theirs again. */
  clearedByRightPartyContact: z.boolean(),
});

const abusiveLanguage = z.strictObject({
  ...base,
  messageTypes: uniqueList(activityType),
  lexicon,
});

const contactAfterCease = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /**
   * Letters allowed after the request: Reg F 1006.6(c)(2) still permits a notice that efforts end or that a
   * remedy will be invoked, which is sent by letter.
   */
  allowedNoticeLetters: z.int().min(0),
  /** Decides whether a spouse's request stops contact on the whole account or only with the spouse's number. */
  spouseCountsAsDebtor: z.boolean(),
  scope,
});

const contactDuringDispute = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /**
   * A dispute is closed by an event of one of these types whose messageText contains one of the markers
   * (case-insensitive), e.g. NOTE "DISPUTE_VERIFIED: statement sent" or a LETTER carrying the verification.
   * The closing event itself is not contact during the dispute.
   */
  verificationTypes: uniqueList(activityType),
  verifiedMarkers: uniqueList(z.string().trim().min(1)),
  scope,
});

const contactAfterRecall = z.strictObject({
  ...base,
  /** Communication types count only when OUTBOUND; other listed types (PAYMENT, PROMISE) count either way. */
  activityTypes: uniqueList(activityType),
  /** Local days after the recall date on which activity is still tolerated (the agency learning of the recall). */
  graceDays: z.int().min(0),
  /** Also stop at the moment the agency's payments on the placement reach the placed balance. */
  checkPaidInFull: z.boolean(),
});

const visitRules = z.strictObject({
  ...base,
  minVisitors: z.int().min(1),
  recordingRequired: z.boolean(),
});

const callRecordingMissing = z.strictObject({ ...base });

const smsRequirement = z.strictObject({
  /** Cited in the explanation when missing; written in the language of the pack's readers. */
  label: z.string().trim().min(1),
  /** The requirement is met when any pattern matches. */
  patterns: z.array(regexSource).min(1),
});

const smsRequiredContent = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  /** Every requirement must be met; an SMS recorded without text is not judged (nothing to read). */
  requirements: z.array(smsRequirement).min(1),
});

export const ruleParametersSchemas = {
  CONTACT_HOURS: contactHours,
  DAILY_CONNECTED_CALLS: dailyConnectedCalls,
  DAILY_ATTEMPTS_PER_NUMBER: dailyAttemptsPerNumber,
  CALL_FREQUENCY_7IN7: callFrequency,
  CALL_AFTER_CONVERSATION: callAfterConversation,
  THIRD_PARTY_CONTACT: thirdPartyContact,
  THIRD_PARTY_DISCLOSURE: thirdPartyDisclosure,
  WRONG_PARTY_REPEAT: wrongPartyRepeat,
  ABUSIVE_LANGUAGE: abusiveLanguage,
  CONTACT_AFTER_CEASE: contactAfterCease,
  CONTACT_DURING_DISPUTE: contactDuringDispute,
  CONTACT_AFTER_RECALL: contactAfterRecall,
  VISIT_RULES: visitRules,
  CALL_RECORDING_MISSING: callRecordingMissing,
  SMS_REQUIRED_CONTENT: smsRequiredContent,
} as const satisfies Record<RuleCode, z.ZodType>;

export type RuleParametersByCode = { [C in RuleCode]: z.infer<(typeof ruleParametersSchemas)[C]> };

/**
 * Rule code → parameters. A rule absent from a pack is off: published versions are immutable, so a rule added to
 * the code later must not silently start judging under an old version.
 */
export const rulePackParametersSchema = z.strictObject(
  Object.fromEntries(RULE_CODES.map((code) => [code, ruleParametersSchemas[code].optional()])) as {
    [C in RuleCode]: z.ZodOptional<(typeof ruleParametersSchemas)[C]>;
  },
);

export type RulePackParameters = z.infer<typeof rulePackParametersSchema>;

export interface RulePackIssue {
  /** Dotted path inside the parameters, e.g. "CONTACT_HOURS.end". */
  path: string;
  message: string;
}

export class RulePackError extends Error {
  override readonly name = "RulePackError";
  constructor(readonly issues: RulePackIssue[]) {
    super(`Invalid rule pack parameters: ${issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`);
  }
}

export type RulePackParseResult = { success: true; data: RulePackParameters } | { success: false; issues: RulePackIssue[] };

/** For editors: every problem at once, with paths, instead of an exception. Accepts a JSON string or a value. */
export function safeParseRulePackParameters(json: unknown): RulePackParseResult {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      return { success: false, issues: [{ path: "", message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = rulePackParametersSchema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}

/** Reads RulePack.parameters (a JSON value or its text); throws RulePackError listing every problem. */
export function parseRulePackParameters(json: unknown): RulePackParameters {
  const result = safeParseRulePackParameters(json);
  if (!result.success) throw new RulePackError(result.issues);
  return result.data;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// Lexicons are bilingual in both packs: Chinese agencies write English now and then, and US agencies serve
// Chinese-speaking debtors; a missed threat costs more than a rare false hit that a reviewer dismisses.
const debtLexicon = [
  "欠款",
  "欠钱",
  "欠费",
  "拖欠",
  "逾期",
  "还款",
  "应还",
  "待还",
  "未还",
  "催收",
  "催款",
  "债务",
  "借款",
  "贷款",
  "违约",
  "debt*",
  "owe",
  "owes",
  "owed",
  "owing",
  "overdue",
  "past due",
  "delinquen*",
  "collection*",
  "arrears",
  "amount due",
  "balance due",
  "outstanding balance",
  "repay*",
  "missed payment*",
  "loan*",
];

const abusiveLexicon = [
  "坐牢",
  "拘留",
  "逮捕",
  "抓捕",
  "抓你",
  "公安",
  "警察",
  "通缉",
  "爆通讯录",
  "通讯录轰炸",
  "曝光",
  "老赖",
  "骗子",
  "诈骗罪",
  "判刑",
  "刑事责任",
  "后果自负",
  "去死",
  "不得好死",
  "废物",
  "arrest*",
  "jail",
  "prison",
  "police",
  "warrant",
  "criminal",
  "sue you today",
  "lawsuit today",
  "deadbeat",
  "scumbag",
  "idiot",
  "loser",
  "thief",
  "liar",
  "we know where you live",
];

const disputeMarkers = ["DISPUTE_VERIFIED", "VERIFICATION_SENT", "VALIDATION_SENT", "核实完成", "已核实"];

const communication = ["CALL", "SMS", "EMAIL", "LETTER", "VISIT"] as const satisfies ActivityType[];
const placedCallOutcomes = ["CONNECTED", "NO_ANSWER", "VOICEMAIL"] as const satisfies Outcome[];
const failedCallOutcomes = ["NO_ANSWER", "VOICEMAIL", "BUSY", "NOT_IN_SERVICE", "WRONG_NUMBER", "FAILED"] as const satisfies Outcome[];

function shared(overrides: {
  spouseCountsAsDebtor: boolean;
  contactHours: { start: string; end: string };
  smsSeverity: Severity;
  smsRequirements: { label: string; patterns: string[] };
}): RuleParametersByCode {
  return {
    CONTACT_HOURS: {
      enabled: true,
      severity: "MEDIUM",
      start: overrides.contactHours.start,
      end: overrides.contactHours.end,
      activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"],
    },
    DAILY_CONNECTED_CALLS: {
      enabled: false,
      severity: "MEDIUM",
      maxPerDay: 3,
      countedOutcomes: ["CONNECTED"],
      countedParties: ["DEBTOR", "UNKNOWN"],
    },
    DAILY_ATTEMPTS_PER_NUMBER: { enabled: false, severity: "MEDIUM", maxPerDay: 6, countedOutcomes: null },
    CALL_FREQUENCY_7IN7: {
      enabled: false,
      severity: "MEDIUM",
      maxCalls: 7,
      windowDays: 7,
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
    CALL_AFTER_CONVERSATION: {
      enabled: false,
      severity: "MEDIUM",
      quietDays: 7,
      conversationParties: ["DEBTOR"],
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
    THIRD_PARTY_CONTACT: {
      enabled: true,
      severity: "MEDIUM",
      spouseCountsAsDebtor: overrides.spouseCountsAsDebtor,
      contactTypes: [...communication],
      failedAttemptsRequired: 3,
      failedOutcomes: [...failedCallOutcomes],
      invalidNumberOutcomes: ["NOT_IN_SERVICE", "WRONG_NUMBER"],
    },
    THIRD_PARTY_DISCLOSURE: {
      enabled: true,
      severity: "HIGH",
      spouseCountsAsDebtor: overrides.spouseCountsAsDebtor,
      messageTypes: ["SMS", "EMAIL", "LETTER"],
      lexicon: [...debtLexicon],
      detectAmounts: true,
    },
    WRONG_PARTY_REPEAT: {
      enabled: true,
      severity: "HIGH",
      contactTypes: ["CALL", "SMS"],
      includeComplaints: true,
      clearedByRightPartyContact: true,
    },
    ABUSIVE_LANGUAGE: {
      enabled: true,
      severity: "HIGH",
      messageTypes: [...communication],
      lexicon: [...abusiveLexicon],
    },
    CONTACT_AFTER_CEASE: {
      enabled: true,
      severity: "HIGH",
      contactTypes: [...communication],
      allowedNoticeLetters: 1,
      spouseCountsAsDebtor: overrides.spouseCountsAsDebtor,
      scope: "ACCOUNT",
    },
    CONTACT_DURING_DISPUTE: {
      enabled: false,
      severity: "HIGH",
      contactTypes: [...communication],
      verificationTypes: ["NOTE", "LETTER"],
      verifiedMarkers: [...disputeMarkers],
      scope: "ACCOUNT",
    },
    CONTACT_AFTER_RECALL: {
      enabled: true,
      severity: "HIGH",
      activityTypes: [...communication, "PAYMENT", "PROMISE"],
      graceDays: 0,
      checkPaidInFull: true,
    },
    VISIT_RULES: { enabled: false, severity: "MEDIUM", minVisitors: 2, recordingRequired: true },
    CALL_RECORDING_MISSING: { enabled: false, severity: "LOW" },
    SMS_REQUIRED_CONTENT: {
      enabled: true,
      severity: overrides.smsSeverity,
      spouseCountsAsDebtor: overrides.spouseCountsAsDebtor,
      requirements: [overrides.smsRequirements],
    },
  };
}

const chinaContactNumber = {
  label: "联系电话 (contact number)",
  patterns: [
    "(?<!\\d)(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d){8}(?!\\d)",
    "(?<!\\d)[48]00[\\s-]?\\d{3}[\\s-]?\\d{4}(?!\\d)",
    "(?<!\\d)0\\d{2,3}[\\s-]?\\d{7,8}(?!\\d)",
    "(?<!\\d)95\\d{3,4}(?!\\d)",
  ],
};

const chinaRepaymentMethod = {
  label: "还款方式 (way to repay)",
  patterns: [
    "还款(?:方式|渠道|账户|账号|入口|链接|路径)",
    "支付宝|微信|银行卡|对公账户|转账|小程序|公众号|官网|\\bAPP\\b",
    "https?://",
    "www\\.",
    "\\brepay\\b.{0,20}\\b(?:via|at|through|online|app)\\b",
  ],
};

/** China: GB/T 45251-2025 as summarised by NIFA, and the China Banking Association guideline (2026 trial). */
export const chinaPack: RuleParametersByCode = deepFreeze(
  (() => {
    const pack = shared({
      spouseCountsAsDebtor: false,
      contactHours: { start: "08:00", end: "22:00" },
      smsSeverity: "LOW",
      smsRequirements: chinaContactNumber,
    });
    pack.DAILY_CONNECTED_CALLS = { ...pack.DAILY_CONNECTED_CALLS, enabled: true };
    pack.DAILY_ATTEMPTS_PER_NUMBER = { ...pack.DAILY_ATTEMPTS_PER_NUMBER, enabled: true };
    pack.VISIT_RULES = { ...pack.VISIT_RULES, enabled: true };
    pack.CALL_RECORDING_MISSING = { ...pack.CALL_RECORDING_MISSING, enabled: true };
    pack.SMS_REQUIRED_CONTENT = { ...pack.SMS_REQUIRED_CONTENT, requirements: [chinaContactNumber, chinaRepaymentMethod] };
    return pack;
  })(),
);

/** US: Regulation F (12 CFR 1006) with its official commentary. */
export const usRegFPack: RuleParametersByCode = deepFreeze(
  (() => {
    const pack = shared({
      spouseCountsAsDebtor: true,
      contactHours: { start: "08:00", end: "21:00" },
      smsSeverity: "MEDIUM",
      smsRequirements: {
        label: "opt-out instruction (e.g. Reply STOP)",
        patterns: [
          "\\b(?:reply|text|send|respond)\\b[^.\\n]{0,20}\\bstop\\b",
          "\\bstop\\b\\s+to\\s+(?:end|cancel|opt|unsubscribe|quit)",
          "\\bopt[\\s-]?out\\b",
          "\\bunsubscribe\\b",
        ],
      },
    });
    pack.CALL_FREQUENCY_7IN7 = { ...pack.CALL_FREQUENCY_7IN7, enabled: true };
    pack.CALL_AFTER_CONVERSATION = { ...pack.CALL_AFTER_CONVERSATION, enabled: true };
    pack.CONTACT_DURING_DISPUTE = { ...pack.CONTACT_DURING_DISPUTE, enabled: true };
    return pack;
  })(),
);

export const defaultRulePacks = { cn: chinaPack, us: usRegFPack } as const satisfies Record<string, RulePackParameters>;
