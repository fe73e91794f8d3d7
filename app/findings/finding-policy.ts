// The findings policy compliance edits (Setting "findings.policy"): the deadlines and verification settings every
// finding uses, and the clauses that raise DRAFT findings automatically after a month closes. Pure schema and
// defaults; read and stored through app/settings (finding-policy.server.ts).
import { z } from "zod";

const ruleCode = z.string().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice");

export const policyClauseSchema = z.discriminatedUnion("kind", [
  /** A rule's violations per 1,000 outbound contacts at an agency above a threshold in the month. */
  z.object({
    kind: z.literal("RATE_ABOVE"),
    ruleCode,
    per1000Contacts: z.coerce.number().positive().max(1000),
    /** Too few contacts make a rate meaningless: the clause needs at least this many in the month. */
    minOutboundContacts: z.coerce.number().int().min(0).max(10_000_000).default(200),
  }),
  /** Any HIGH violation of the chosen rules at an agency in the month. */
  z.object({ kind: z.literal("ANY_HIGH"), ruleCodes: z.array(ruleCode).min(1).max(64) }),
  /** An agent flagged as a violations outlier (metrics module) in the month and the month before. */
  z.object({ kind: z.literal("AGENT_OUTLIER_TWO_MONTHS") }),
  /** More than `perMonth` complaints against an agency in the month that its own log has no contact for (ADR 032). */
  z.object({ kind: z.literal("NO_MATCHING_LOG_ABOVE"), perMonth: z.coerce.number().int().min(0).max(100_000) }),
  /**
   * Reconciliation exceptions of an agency's month (ADR 038, ADR 045): the money it reported and the lender did not
   * receive (REPORTED_NOT_RECEIVED and the shortfall of AMOUNT_MISMATCH, per currency) above `amount`, or more than
   * `lateRemittances` LATE_REMITTANCE items. `amount` is a decimal string in the agency's currency, never a float;
   * either test may be off (null).
   */
  z.object({
    kind: z.literal("UNRECONCILED_ABOVE"),
    amount: z.preprocess(
      (value) => (value === "" || value === undefined ? null : typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : value),
      z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, "validation.invalidFormat").nullable(),
    ),
    lateRemittances: z.preprocess((value) => (value === "" || value === undefined ? null : value), z.coerce.number().int().min(0).max(1_000_000).nullable()),
  }),
]);

export type PolicyClause = z.output<typeof policyClauseSchema>;

export const findingPolicySchema = z.object({
  /** Days the agency has to respond once a finding is issued (the default due date). */
  responseDays: z.coerce.number().int().min(1).max(180),
  /** "Due soon" reminders this many days before a due date. */
  dueSoonDays: z.coerce.number().int().min(0).max(30),
  /** Days after the fix date that verification measures. */
  verificationWindowDays: z.coerce.number().int().min(7).max(365),
  /** How far (percent) the rate must fall for a fix to count as an improvement; 0: any fall. */
  minImprovementPercent: z.coerce.number().min(0).max(100),
  /** Automatic findings after each month closes (none: the policy raises nothing). */
  clauses: z.array(policyClauseSchema).max(50),
});

export type FindingPolicy = z.output<typeof findingPolicySchema>;

export const defaultFindingPolicy: FindingPolicy = Object.freeze({
  responseDays: 14,
  dueSoonDays: 3,
  verificationWindowDays: 30,
  minImprovementPercent: 0,
  clauses: [
    { kind: "RATE_ABOVE", ruleCode: "CONTACT_HOURS", per1000Contacts: 5, minOutboundContacts: 200 },
    { kind: "ANY_HIGH", ruleCodes: ["ABUSIVE_LANGUAGE", "THIRD_PARTY_DISCLOSURE", "CONTACT_AFTER_CEASE"] },
    { kind: "AGENT_OUTLIER_TWO_MONTHS" },
    { kind: "UNRECONCILED_ABOVE", amount: "1000.00", lateRemittances: 10 },
  ],
}) as FindingPolicy;

/**
 * Did the rate fall enough? `before` and `after` per 1,000 contacts. No contacts after the fix: nothing to judge
 * (NO_CONTACTS), left to compliance rather than escalated.
 */
export function judgeImprovement(before: number | null, after: number | null, minImprovementPercent: number): "IMPROVED" | "NOT_IMPROVED" | "NO_CONTACTS" {
  if (after === null) return "NO_CONTACTS";
  if (before === null || before === 0) return after === 0 ? "IMPROVED" : "NOT_IMPROVED";
  const required = before * (1 - minImprovementPercent / 100);
  return minImprovementPercent === 0 ? (after < before ? "IMPROVED" : "NOT_IMPROVED") : after <= required ? "IMPROVED" : "NOT_IMPROVED";
}
