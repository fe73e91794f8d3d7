// Validation of canonical records (canonical field names, text values) into typed rows ready for the
// database: enums checked, money as exact decimal strings, dates as YYYY-MM-DD, instants in UTC with the
// agency's local time and offset kept beside them. Every problem in a row is reported at once, each as
// { field, message } with a message the agency can act on.
//
// Text policy: identifiers and short text are trimmed; message_text and description are stored exactly as
// sent, including text that looks like a spreadsheet formula (=HYPERLINK(…)) — neutralising formulas is
// the job of whatever writes a spreadsheet (see rejects-csv.ts), not of storage.
import { hash } from "node:crypto";
import { isKnownTimeZone } from "~/clock/time-zones";
import { z } from "zod";
import {
  type ActivityType,
  type ComplaintSource,
  type ConsentScope,
  type ContactParty,
  type ContactPlace,
  type ContactRestriction,
  type Direction,
  type DisputeForm,
  type ImportKind,
  type AcknowledgmentStatus,
  type LedgerChannel,
  type Outcome,
  type RecallReason,
  type Severity,
  type VoicemailContent,
} from "~/generated/prisma/enums";
import {
  AGENT_REQUIRED_TYPES,
  ENDING_TYPES,
  type CanonicalFieldDefinition,
  type CanonicalRecord,
  acknowledgmentFields,
  activityFields,
  agentFields,
  complaintFields,
  paymentFields,
  placementFields,
} from "./canonical-fields";
import {
  type Parsed,
  checkLength,
  normalisePhone,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseEnum,
  parseNonNegativeInteger,
  parseSignedDecimal,
  parseHours,
  parsePhoneList,
  parseTimeZone,
  parseTimeZoneList,
  parseUsStateField,
} from "./field-parsers";
import { encodeImportMessages, englishImportMessages, importMessage, type ImportMessage } from "./import-message";

export interface RowContext {
  /** IANA zone for times written without an offset (the mapping profile's, else the agency's). */
  timeZone: string;
  /** ISO 4217 currency for amounts sent without one (the lender's setting). */
  defaultCurrency: string;
  /** Luxon format from the mapping profile, tried before the built-in date formats. */
  dateFormat?: string | null;
}

export interface PlacementRow {
  accountNumber: string;
  customerId: string;
  agencyCode: string;
  /** YYYY-MM-DD */
  placedAt: string;
  /** Exact decimal with two places, e.g. "15800.00". */
  placedBalance: string;
  currency: string;
  recalledAt: string | null;
  dpdAtPlacement: number | null;
  product: string | null;
  debtorName: string | null;
  debtorPhones: string[];
  debtorTimeZone: string | null;
  /** null when the file does not say. */
  thirdPartyConsent: boolean | null;
  /** Further zones the debtor may be in; present only when the file names some (older rows keep their content hash). */
  possibleTimeZones?: string[];
  /** USPS code of the debtor's US state; present only when the file names one (older rows keep their content hash). */
  debtorState?: string;
  /** Why it was recalled (only with recalledAt); present only when the file gives one (older rows keep their content hash). */
  recallReason?: RecallReason;
}

/** An agency's answer to one of its placements (ADR 039). */
export interface AcknowledgmentRow {
  accountNumber: string;
  /** YYYY-MM-DD: with the account and the uploading agency, names the placement. */
  placedAt: string;
  status: AcknowledgmentStatus;
  reason: string | null;
  /** YYYY-MM-DD; null when the file does not say (the import's day). */
  acknowledgedAt: string | null;
}

export interface ActivityRow {
  eventId: string;
  accountNumber: string;
  agentId: string | null;
  agentName: string | null;
  /** UTC, ISO 8601 with milliseconds. */
  occurredAt: string;
  /** occurred_at exactly as the agency wrote it. */
  localTime: string;
  utcOffsetMinutes: number;
  type: ActivityType;
  direction: Direction;
  contactParty: ContactParty | null;
  outcome: Outcome | null;
  phoneNumber: string | null;
  address: string | null;
  durationSeconds: number | null;
  messageText: string | null;
  amount: string | null;
  /** Set whenever amount is (defaulting to the lender's currency). */
  currency: string | null;
  promiseDueDate: string | null;
  visitors: number | null;
  recordingId: string | null;
  // Regulation F facts (ADR 027). Present only when given, so that the content hash of a row without them is what it
  // was before they existed: a resend of an older file stays a duplicate, not a conflict.
  consentScope?: ConsentScope;
  restriction?: ContactRestriction;
  place?: ContactPlace;
  /** "HH:mm-HH:mm" */
  restrictedHours?: string;
  restrictedMedium?: ActivityType;
  /** UTC, ISO 8601 with milliseconds. */
  endsAt?: string;
  disputeForm?: DisputeForm;
  voicemailContent?: VoicemailContent;
}

export interface ComplaintRow {
  complaintId: string;
  accountNumber: string | null;
  agencyCode: string | null;
  agentId: string | null;
  /** UTC, ISO 8601 with milliseconds. */
  receivedAt: string;
  source: ComplaintSource;
  category: string;
  severity: Severity;
  description: string | null;
  phoneNumber: string | null;
}

/** One agent of an agency's roster, with the training the roster reports (ADR 031). */
export interface AgentRow {
  agentId: string;
  agentName: string;
  /** YYYY-MM-DD, the agency's calendar. */
  startDate: string;
  endDate: string | null;
  /** The training fields are all set or all null. */
  training: { course: string; trainedOn: string; score: string | null; certificateExpiresOn: string } | null;
}

/** One entry of the lender's ledger (ADR 038). */
export interface PaymentRow {
  ledgerRef: string;
  accountNumber: string;
  /** YYYY-MM-DD, the lender's book date. */
  receivedOn: string;
  /** Fixed-point text, negative for a reversal. */
  amount: string;
  currency: string;
  channel: LedgerChannel | null;
  agencyCode: string | null;
  remittanceRef: string | null;
  reversesLedgerRef: string | null;
}

export interface TypedRowByKind {
  PLACEMENTS: PlacementRow;
  ACTIVITIES: ActivityRow;
  COMPLAINTS: ComplaintRow;
  AGENTS: AgentRow;
  ACKNOWLEDGMENTS: AcknowledgmentRow;
  PAYMENTS: PaymentRow;
}

export type TypedRow = PlacementRow | ActivityRow | ComplaintRow | AgentRow | AcknowledgmentRow | PaymentRow;

export interface FieldError {
  /** Canonical field name, or null for a problem with the row as a whole. */
  field: string | null;
  /** Key and params, rendered in the reader's language (import-message.ts). */
  message: ImportMessage;
}

/**
 * A zod issue carrying an import message: zod wants a string message (English, for anything that prints the issue
 * as it is) and keeps the key and params in `params` for createRowValidator.
 */
function issueOf(message: ImportMessage, path?: string[]) {
  return { code: "custom" as const, message: englishImportMessages([message]), params: { importMessage: message }, ...(path ? { path } : {}) };
}

export type RowValidation<Row> = { ok: true; row: Row } | { ok: false; errors: FieldError[] };

// ------------------------------------------------------------------------------------------ field schemas

type FieldOutput<Definition extends CanonicalFieldDefinition, Value> = Definition["required"] extends true ? Value : Value | null;

/**
 * A schema for one canonical field: blank means absent (an error when required), the length limit applies
 * to the text as it will be stored, then the parser turns text into a value or a message.
 */
function fieldOf<Definition extends CanonicalFieldDefinition, Value>(
  definition: Definition,
  parse: (text: string) => Parsed<Value>,
  options: { verbatim?: boolean } = {},
) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): FieldOutput<Definition, Value> => {
      if (raw === undefined || raw.trim() === "") {
        if (definition.required) {
          ctx.addIssue(issueOf(importMessage("importRow.required", { field: definition.name })));
          return z.NEVER;
        }
        return null as FieldOutput<Definition, Value>;
      }
      const text = options.verbatim ? raw : raw.trim();
      const length = checkLength(text, definition.name, definition.maxLength);
      if (!length.ok) {
        ctx.addIssue(issueOf(length.message));
        return z.NEVER;
      }
      const parsed = parse(text);
      if (!parsed.ok) {
        ctx.addIssue(issueOf(parsed.message));
        return z.NEVER;
      }
      return parsed.value;
    });
}

type FieldsByName<Fields extends readonly CanonicalFieldDefinition[]> = { [Field in Fields[number] as Field["name"]]: Field };

function indexByName<Fields extends readonly CanonicalFieldDefinition[]>(fields: Fields): FieldsByName<Fields> {
  return Object.fromEntries(fields.map((field) => [field.name, field])) as FieldsByName<Fields>;
}

const asText = (text: string): Parsed<string> => ({ ok: true, value: text });

const idField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, asText);
const textField = idField;
const longTextField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, asText, { verbatim: true });
const signedDecimalField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseSignedDecimal(text, definition.name));
const decimalField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseDecimal(text, definition.name));
const integerField = <D extends CanonicalFieldDefinition>(definition: D) =>
  fieldOf(definition, (text) => parseNonNegativeInteger(text, definition.name));
const booleanField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseBoolean(text, definition.name));
const phoneField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => normalisePhone(text, definition.name));
const phoneListField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parsePhoneList(text, definition.name));
const timeZoneField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseTimeZone(text, definition.name));
const timeZoneListField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseTimeZoneList(text, definition.name));
const hoursField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseHours(text, definition.name));
const usStateField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseUsStateField(text, definition.name));
const currencyField = <D extends CanonicalFieldDefinition>(definition: D) => fieldOf(definition, (text) => parseCurrency(text, definition.name));
const enumField = <D extends CanonicalFieldDefinition & { values: readonly string[] }>(definition: D) =>
  fieldOf(definition, (text) => parseEnum<D["values"][number]>(text, definition.name, definition.values));
const dateField = <D extends CanonicalFieldDefinition>(definition: D, context: RowContext) =>
  fieldOf(definition, (text) => parseDate(text, definition.name, { dateFormat: context.dateFormat }));
const dateTimeField = <D extends CanonicalFieldDefinition>(definition: D, context: RowContext, allowDateOnly: boolean, dateOnlyMeansEnd = false) =>
  fieldOf(definition, (text) => parseDateTime(text, definition.name, { timeZone: context.timeZone, dateFormat: context.dateFormat, allowDateOnly, dateOnlyMeansEnd }));

/** Cross-field rules must run even when some fields failed, so they see `{ status: "aborted" }` for those. */
const alwaysCheck = { when: () => true };

// ---------------------------------------------------------------------------------------------- schemas

const placement = indexByName(placementFields);
const activity = indexByName(activityFields);
const complaint = indexByName(complaintFields);
const agent = indexByName(agentFields);
const acknowledgment = indexByName(acknowledgmentFields);
const payment = indexByName(paymentFields);

export function placementRowSchema(context: RowContext) {
  return z
    .object({
      account_number: idField(placement.account_number),
      customer_id: idField(placement.customer_id),
      agency_code: idField(placement.agency_code),
      placed_at: dateField(placement.placed_at, context),
      placed_balance: decimalField(placement.placed_balance),
      currency: currencyField(placement.currency),
      recalled_at: dateField(placement.recalled_at, context),
      recall_reason: enumField(placement.recall_reason),
      dpd_at_placement: integerField(placement.dpd_at_placement),
      product: textField(placement.product),
      debtor_name: textField(placement.debtor_name),
      debtor_phones: phoneListField(placement.debtor_phones),
      debtor_timezone: timeZoneField(placement.debtor_timezone),
      third_party_consent: booleanField(placement.third_party_consent),
      possible_timezones: timeZoneListField(placement.possible_timezones),
      state: usStateField(placement.state),
    })
    .superRefine((row, ctx) => {
      // ISO dates compare correctly as strings.
      if (typeof row.placed_at === "string" && typeof row.recalled_at === "string" && row.recalled_at < row.placed_at) {
        ctx.addIssue(issueOf(importMessage("importRow.recalledBeforePlaced", { recalledAt: row.recalled_at, placedAt: row.placed_at }), ["recalled_at"]));
      }
      if (typeof row.recall_reason === "string" && row.recalled_at === null) {
        ctx.addIssue(issueOf(importMessage("importRow.recallReasonWithoutRecall", { value: row.recall_reason }), ["recall_reason"]));
      }
    }, alwaysCheck)
    .transform(
      (row): PlacementRow => ({
        accountNumber: row.account_number,
        customerId: row.customer_id,
        agencyCode: row.agency_code,
        placedAt: row.placed_at,
        placedBalance: row.placed_balance,
        currency: row.currency ?? context.defaultCurrency,
        recalledAt: row.recalled_at,
        dpdAtPlacement: row.dpd_at_placement,
        product: row.product,
        debtorName: row.debtor_name,
        debtorPhones: row.debtor_phones ?? [],
        debtorTimeZone: row.debtor_timezone,
        thirdPartyConsent: row.third_party_consent,
        ...(row.possible_timezones !== null && row.possible_timezones.length > 0 ? { possibleTimeZones: row.possible_timezones } : {}),
        ...(row.state !== null ? { debtorState: row.state } : {}),
        ...(row.recall_reason !== null ? { recallReason: row.recall_reason } : {}),
      }),
    );
}

export function acknowledgmentRowSchema(context: RowContext) {
  return z
    .object({
      account_number: idField(acknowledgment.account_number),
      placed_at: dateField(acknowledgment.placed_at, context),
      status: enumField(acknowledgment.status),
      reason: textField(acknowledgment.reason),
      acknowledged_at: dateField(acknowledgment.acknowledged_at, context),
    })
    .superRefine((row, ctx) => {
      if (row.status === "REJECTED" && row.reason === null) ctx.addIssue(issueOf(importMessage("importRow.rejectionNeedsReason"), ["reason"]));
      // ISO dates compare correctly as strings; a field that failed is not a string here.
      if (typeof row.placed_at === "string" && typeof row.acknowledged_at === "string" && row.acknowledged_at < row.placed_at) {
        ctx.addIssue(issueOf(importMessage("importRow.acknowledgedBeforePlaced", { acknowledgedAt: row.acknowledged_at, placedAt: row.placed_at }), ["acknowledged_at"]));
      }
    }, alwaysCheck)
    .transform(
      (row): AcknowledgmentRow => ({
        accountNumber: row.account_number,
        placedAt: row.placed_at,
        status: row.status,
        reason: row.reason,
        acknowledgedAt: row.acknowledged_at,
      }),
    );
}

const consentTypes: readonly string[] = ["CONSENT", "CONSENT_REVOKED"];

function isAborted(value: unknown): boolean {
  return typeof value === "object" && value !== null && "status" in value && (value as { status: unknown }).status === "aborted";
}

/**
 * The facts of ADR 027 must fit the row's type: a consent needs its scope, a restriction what it restricts, and a
 * fact given on a type it does not belong to is refused rather than dropped (it would mean the agency's mapping
 * put something in the wrong column).
 */
// Module-level helpers rather than closures made per row: the parsing thread runs this for every row of a file.

/** A field that failed its own parse is neither given nor missing here: its own message already explains it. */
function isGiven(row: Record<string, unknown>, field: string): boolean {
  return row[field] !== null && row[field] !== undefined && !isAborted(row[field]);
}

function requireForTypes(row: Record<string, unknown>, ctx: z.RefinementCtx, type: string, field: string, types: readonly string[]): void {
  if (types.includes(type) && row[field] === null) ctx.addIssue(issueOf(importMessage("importRow.requiredForType", { field, type }), [field]));
  if (!types.includes(type) && isGiven(row, field)) ctx.addIssue(issueOf(importMessage("importRow.onlyForTypes", { field, types: types.join(", "), type }), [field]));
}

function checkRestrictionField(row: Record<string, unknown>, ctx: z.RefinementCtx, type: string, restriction: string | null, field: string, needs: string): void {
  if (type !== "CONTACT_RESTRICTION") {
    // Hours and media mean something only in a restriction; a place also describes where a contact happened.
    if (isGiven(row, field) && field !== "place") ctx.addIssue(issueOf(importMessage("importRow.onlyForTypes", { field, types: "CONTACT_RESTRICTION", type }), [field]));
    return;
  }
  if (restriction === needs && row[field] === null) ctx.addIssue(issueOf(importMessage("importRow.requiredForRestriction", { field, restriction: needs }), [field]));
  if (restriction !== null && restriction !== needs && isGiven(row, field)) ctx.addIssue(issueOf(importMessage("importRow.onlyForRestriction", { field, restriction: needs }), [field]));
}

function checkFacts(row: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const type = typeof row.type === "string" ? row.type : null;
  if (type === null) return;
  requireForTypes(row, ctx, type, "consent_scope", consentTypes);
  requireForTypes(row, ctx, type, "restriction", ["CONTACT_RESTRICTION"]);
  if (isGiven(row, "dispute_form") && type !== "DISPUTE") ctx.addIssue(issueOf(importMessage("importRow.onlyForTypes", { field: "dispute_form", types: "DISPUTE", type }), ["dispute_form"]));
  if (isGiven(row, "ends_at") && !(ENDING_TYPES as readonly string[]).includes(type)) {
    ctx.addIssue(issueOf(importMessage("importRow.onlyForTypes", { field: "ends_at", types: ENDING_TYPES.join(", "), type }), ["ends_at"]));
  }
  if (isGiven(row, "voicemail_content") && (type !== "CALL" || row.outcome !== "VOICEMAIL")) {
    ctx.addIssue(issueOf(importMessage("importRow.voicemailContentWithoutVoicemail"), ["voicemail_content"]));
  }
  const restriction = typeof row.restriction === "string" ? row.restriction : null;
  checkRestrictionField(row, ctx, type, restriction, "restricted_hours", "INCONVENIENT_TIME");
  checkRestrictionField(row, ctx, type, restriction, "place", "INCONVENIENT_PLACE");
  checkRestrictionField(row, ctx, type, restriction, "restricted_medium", "MEDIUM");
  const occurred = row.occurred_at as { utc?: unknown } | null | undefined;
  const ends = row.ends_at as { utc?: unknown; local?: unknown } | null | undefined;
  // ISO instants in UTC compare correctly as strings.
  if (typeof occurred?.utc === "string" && typeof ends?.utc === "string" && ends.utc <= occurred.utc) {
    ctx.addIssue(issueOf(importMessage("importRow.endsNotAfterStart", { value: String(ends.local) }), ["ends_at"]));
  }
}

export function activityRowSchema(context: RowContext) {
  return z
    .object({
      event_id: idField(activity.event_id),
      account_number: idField(activity.account_number),
      agent_id: idField(activity.agent_id),
      agent_name: textField(activity.agent_name),
      occurred_at: dateTimeField(activity.occurred_at, context, false),
      type: enumField(activity.type),
      direction: enumField(activity.direction),
      contact_party: enumField(activity.contact_party),
      outcome: enumField(activity.outcome),
      phone_number: phoneField(activity.phone_number),
      address: textField(activity.address),
      duration_seconds: integerField(activity.duration_seconds),
      message_text: longTextField(activity.message_text),
      amount: decimalField(activity.amount),
      currency: currencyField(activity.currency),
      promise_due_date: dateField(activity.promise_due_date, context),
      visitors: integerField(activity.visitors),
      recording_id: idField(activity.recording_id),
      consent_scope: enumField(activity.consent_scope),
      restriction: enumField(activity.restriction),
      place: enumField(activity.place),
      restricted_hours: hoursField(activity.restricted_hours),
      restricted_medium: enumField(activity.restricted_medium),
      ends_at: dateTimeField(activity.ends_at, context, true, true),
      dispute_form: enumField(activity.dispute_form),
      voicemail_content: enumField(activity.voicemail_content),
    })
    .superRefine((row, ctx) => {
      const type = row.type as unknown;
      if (typeof type === "string" && (AGENT_REQUIRED_TYPES as readonly string[]).includes(type) && row.agent_id === null) {
        ctx.addIssue(issueOf(importMessage("importRow.agentRequiredForType", { type }), ["agent_id"]));
      }
      checkFacts(row as Record<string, unknown>, ctx);
    }, alwaysCheck)
    .transform(
      (row): ActivityRow => ({
        eventId: row.event_id,
        accountNumber: row.account_number,
        agentId: row.agent_id,
        agentName: row.agent_name,
        occurredAt: row.occurred_at.utc,
        localTime: row.occurred_at.local,
        utcOffsetMinutes: row.occurred_at.offsetMinutes,
        type: row.type,
        direction: row.direction ?? "OUTBOUND",
        contactParty: row.contact_party,
        outcome: row.outcome,
        phoneNumber: row.phone_number,
        address: row.address,
        durationSeconds: row.duration_seconds,
        messageText: row.message_text,
        amount: row.amount,
        currency: row.currency ?? (row.amount === null ? null : context.defaultCurrency),
        promiseDueDate: row.promise_due_date,
        visitors: row.visitors,
        recordingId: row.recording_id,
        ...(row.consent_scope !== null && { consentScope: row.consent_scope }),
        ...(row.restriction !== null && { restriction: row.restriction }),
        ...(row.place !== null && { place: row.place }),
        ...(row.restricted_hours !== null && { restrictedHours: row.restricted_hours }),
        ...(row.restricted_medium !== null && { restrictedMedium: row.restricted_medium }),
        ...(row.ends_at !== null && { endsAt: row.ends_at.utc }),
        ...(row.dispute_form !== null && { disputeForm: row.dispute_form }),
        ...(row.voicemail_content !== null && { voicemailContent: row.voicemail_content }),
      }),
    );
}

export function complaintRowSchema(context: RowContext) {
  return z
    .object({
      complaint_id: idField(complaint.complaint_id),
      account_number: idField(complaint.account_number),
      agency_code: idField(complaint.agency_code),
      agent_id: idField(complaint.agent_id),
      received_at: dateTimeField(complaint.received_at, context, true),
      source: enumField(complaint.source),
      category: textField(complaint.category),
      severity: enumField(complaint.severity),
      description: longTextField(complaint.description),
      phone_number: phoneField(complaint.phone_number),
    })
    .transform(
      (row): ComplaintRow => ({
        complaintId: row.complaint_id,
        accountNumber: row.account_number,
        agencyCode: row.agency_code,
        agentId: row.agent_id,
        receivedAt: row.received_at.utc,
        source: row.source,
        category: row.category,
        severity: row.severity ?? "MEDIUM",
        description: row.description,
        phoneNumber: row.phone_number,
      }),
    );
}

export function agentRowSchema(context: RowContext) {
  return z
    .object({
      agent_id: idField(agent.agent_id),
      agent_name: textField(agent.agent_name),
      start_date: dateField(agent.start_date, context),
      end_date: dateField(agent.end_date, context),
      training_course: textField(agent.training_course),
      training_date: dateField(agent.training_date, context),
      score: decimalField(agent.score),
      certificate_expiry: dateField(agent.certificate_expiry, context),
    })
    .superRefine((row, ctx) => {
      // ISO dates compare correctly as strings; a field that failed is not a string here.
      if (typeof row.start_date === "string" && typeof row.end_date === "string" && row.end_date < row.start_date) {
        ctx.addIssue(issueOf(importMessage("importRow.endBeforeStart", { endDate: row.end_date, startDate: row.start_date }), ["end_date"]));
      }
      const course = row.training_course as unknown;
      const dependants = ["training_date", "certificate_expiry"] as const;
      if (typeof course === "string") {
        for (const field of dependants) {
          if (row[field] === null) ctx.addIssue(issueOf(importMessage("importRow.trainingFieldRequired", { field }), [field]));
        }
      } else if (course === null) {
        for (const field of [...dependants, "score"] as const) {
          if (typeof row[field] === "string") ctx.addIssue(issueOf(importMessage("importRow.trainingWithoutCourse", { field }), [field]));
        }
      }
      if (typeof row.training_date === "string" && typeof row.certificate_expiry === "string" && row.certificate_expiry < row.training_date) {
        ctx.addIssue(issueOf(importMessage("importRow.expiryBeforeTraining", { expiry: row.certificate_expiry, trainedOn: row.training_date }), ["certificate_expiry"]));
      }
      if (typeof row.score === "string" && Number(row.score) > 100) {
        ctx.addIssue(issueOf(importMessage("importRow.scoreOver100", { value: row.score }), ["score"]));
      }
    }, alwaysCheck)
    .transform(
      (row): AgentRow => ({
        agentId: row.agent_id,
        agentName: row.agent_name,
        startDate: row.start_date,
        endDate: row.end_date,
        training:
          row.training_course === null || row.training_date === null || row.certificate_expiry === null
            ? null
            : { course: row.training_course, trainedOn: row.training_date, score: row.score, certificateExpiresOn: row.certificate_expiry },
      }),
    );
}

export function paymentRowSchema(context: RowContext) {
  return z
    .object({
      ledger_ref: idField(payment.ledger_ref),
      account_number: idField(payment.account_number),
      received_at: dateField(payment.received_at, context),
      amount: signedDecimalField(payment.amount),
      currency: currencyField(payment.currency),
      channel: enumField(payment.channel),
      agency_code: idField(payment.agency_code),
      remittance_ref: idField(payment.remittance_ref),
      reverses_ledger_ref: idField(payment.reverses_ledger_ref),
    })
    .superRefine((row, ctx) => {
      // A field that failed is not a string here.
      const amount = row.amount as unknown;
      const channel = row.channel as unknown;
      if (channel === "AGENCY_REMITTANCE" && row.agency_code === null) {
        ctx.addIssue(issueOf(importMessage("importRow.remittanceNeedsAgency"), ["agency_code"]));
      }
      const isReversal = channel === "REVERSAL" || typeof row.reverses_ledger_ref === "string";
      if (typeof amount === "string" && isReversal && !amount.startsWith("-")) {
        ctx.addIssue(issueOf(importMessage("importRow.reversalNotNegative", { value: amount }), ["amount"]));
      }
      if (typeof amount === "string" && amount === "0.00") {
        ctx.addIssue(issueOf(importMessage("importRow.zeroAmount"), ["amount"]));
      }
      if (typeof row.reverses_ledger_ref === "string" && row.reverses_ledger_ref === row.ledger_ref) {
        ctx.addIssue(issueOf(importMessage("importRow.reversesItself", { value: row.ledger_ref }), ["reverses_ledger_ref"]));
      }
    }, alwaysCheck)
    .transform(
      (row): PaymentRow => ({
        ledgerRef: row.ledger_ref,
        accountNumber: row.account_number,
        receivedOn: row.received_at,
        amount: row.amount,
        currency: row.currency ?? context.defaultCurrency,
        channel: row.channel,
        agencyCode: row.agency_code === null ? null : row.agency_code.toUpperCase(),
        remittanceRef: row.remittance_ref,
        reversesLedgerRef: row.reverses_ledger_ref,
      }),
    );
}

// ------------------------------------------------------------------------------------------- validation

const schemaFactories = {
  PLACEMENTS: placementRowSchema,
  ACTIVITIES: activityRowSchema,
  COMPLAINTS: complaintRowSchema,
  AGENTS: agentRowSchema,
  ACKNOWLEDGMENTS: acknowledgmentRowSchema,
  PAYMENTS: paymentRowSchema,
} as const;

type RowSchema<Kind extends ImportKind> = { safeParse(input: unknown): z.ZodSafeParseResult<TypedRowByKind[Kind]> };

function assertUsableContext(context: RowContext): void {
  if (!isKnownTimeZone(context.timeZone)) throw new Error(`import time zone '${context.timeZone}' is not an IANA time zone`);
  if (!parseCurrency(context.defaultCurrency, "default currency").ok) {
    throw new Error(`default currency '${context.defaultCurrency}' is not an ISO 4217 code`);
  }
}

/**
 * Builds the validator for one file: the schema depends on the context (time zone, currency, date format),
 * which is fixed for a file, so build it once and call it per row.
 */
export function createRowValidator<Kind extends ImportKind>(kind: Kind, context: RowContext): (record: CanonicalRecord) => RowValidation<TypedRowByKind[Kind]> {
  assertUsableContext(context);
  const schema = schemaFactories[kind](context) as unknown as RowSchema<Kind>;
  return (record) => {
    const result = schema.safeParse(record);
    if (result.success) return { ok: true, row: result.data };
    return {
      ok: false,
      errors: result.error.issues.map((issue) => {
        const field = issue.path[0];
        const carried = issue.code === "custom" ? (issue.params as { importMessage?: ImportMessage } | undefined)?.importMessage : undefined;
        return { field: typeof field === "string" ? field : null, message: carried ?? importMessage("importRow.text", { text: issue.message }) };
      }),
    };
  };
}

const cachedValidators = new Map<string, (record: CanonicalRecord) => RowValidation<TypedRow>>();
/** Contexts vary by agency and profile only, so a small cache covers them; the cap keeps it bounded anyway. */
const MAX_CACHED_VALIDATORS = 100;

/** Validates one record. Convenient for single rows; a file should use createRowValidator. */
export function validateRow<Kind extends ImportKind>(kind: Kind, record: CanonicalRecord, context: RowContext): RowValidation<TypedRowByKind[Kind]> {
  const key = JSON.stringify([kind, context.timeZone, context.defaultCurrency, context.dateFormat ?? null]);
  let validator = cachedValidators.get(key);
  if (!validator) {
    validator = createRowValidator(kind, context);
    if (cachedValidators.size >= MAX_CACHED_VALIDATORS) cachedValidators.clear();
    cachedValidators.set(key, validator);
  }
  return validator(record) as RowValidation<TypedRowByKind[Kind]>;
}

/** One English line for a rejected row: "amount '-5' must be a number ≥ 0; type 'PHONE' is not one of …". */
export function formatRowErrors(errors: readonly FieldError[]): string {
  return englishImportMessages(errors.map((error) => error.message));
}

/** A rejected row's reasons as stored (language-neutral; rendered by import-message.ts). */
export function encodeRowErrors(errors: readonly FieldError[]): string {
  return encodeImportMessages(errors.map((error) => error.message));
}

// ----------------------------------------------------------------------------------------- content hash

/**
 * Fields that record how a value was written rather than what it is: a resend that only changes
 * "2026-03-01 14:30" to "2026-03-01 14:30:00" is the same event and must hash the same.
 */
const PRESENTATION_ONLY_FIELDS = new Set(["localTime"]);

// Rows of one kind share their keys, so the sorted keys and their JSON prefixes are computed once per shape (hashing
// millions of rows spent most of its time sorting the same keys and quoting the same names again).
type Shape = { keys: string[]; sorted: string[]; prefixes: string[] };
const shapes = new Map<string, Shape>();
let lastShape: Shape | null = null;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function shapeOf(object: Record<string, unknown>): Shape {
  const keys = Object.keys(object);
  if (lastShape && sameKeys(lastShape.keys, keys)) return lastShape;
  const id = keys.join("\u0000");
  let shape = shapes.get(id);
  if (!shape) {
    const sorted = keys.filter((key) => !PRESENTATION_ONLY_FIELDS.has(key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    shape = { keys, sorted, prefixes: sorted.map((key, index) => `${index > 0 ? "," : ""}${JSON.stringify(key)}:`) };
    if (shapes.size > 1_000) shapes.clear();
    shapes.set(id, shape);
  }
  lastShape = shape;
  return shape;
}

function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const object = value as Record<string, unknown>;
    const { sorted, prefixes } = shapeOf(object);
    let json = "{";
    for (let index = 0; index < sorted.length; index++) json += (prefixes[index] ?? "") + canonicalJson(object[sorted[index] ?? ""]);
    return `${json}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of a typed row's meaning, independent of key order: equal for an identical resend, different
 * when any stored value changed (a conflicting resend of the same event id).
 */
export function contentHash(row: TypedRow): string {
  // One-shot: a Hash object per row cost ten times the digest itself (the same bytes, UTF-8, the same hex).
  return hash("sha256", canonicalJson(row), "hex");
}
