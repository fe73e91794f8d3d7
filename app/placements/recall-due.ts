import type { RecallReason } from "~/generated/prisma/enums";

// Which open placements are due for recall, and with which reason (ADR 039). Pure: the facts come from the database
// (recall-due.server.ts) and "today" from the caller's clock, so the rules are tested with tables.

/** Why a placement is due: the contract's term has run out, the balance is paid, the agency stopped working it, or it never took it up. */
export const dueReasons = ["PAID_IN_FULL", "REJECTED", "PAST_TERM", "NOT_WORKED"] as const;
export type DueReason = (typeof dueReasons)[number];

/** The recall reason a recall file proposes for each due reason, in the order above (the first that applies wins). */
const recallReasonOf: Record<DueReason, RecallReason> = {
  PAID_IN_FULL: "PAID_IN_FULL",
  REJECTED: "LENDER_REQUEST",
  PAST_TERM: "END_OF_TERM",
  NOT_WORKED: "PERFORMANCE",
};

export type RecallPolicy = {
  /** A placement nobody at the agency has logged anything on for this many days is due (counted from placement when never worked). */
  notWorkedDays: number;
};

export const defaultRecallPolicy: RecallPolicy = { notWorkedDays: 60 };

export type PlacementFacts = {
  /** YYYY-MM-DD */
  placedAt: string;
  /** The agency's placement term in days; null when its contract has none. */
  termDays: number | null;
  /** Exact decimal strings. */
  placedBalance: string;
  collected: string;
  /** The day (YYYY-MM-DD, reporting zone) of the agency's latest event on the account since placement; null when none. */
  lastWorkedOn: string | null;
  acknowledgment: "ACCEPTED" | "REJECTED" | null;
};

export type RecallDue = {
  reasons: DueReason[];
  recallReason: RecallReason;
  /** YYYY-MM-DD, null without a term. */
  termEndsOn: string | null;
  /** Whole days since the agency last worked the account (since placement when never). */
  idleDays: number;
};

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Money compared exactly: decimal strings as integer cents. */
export function cents(amount: string): bigint {
  const negative = amount.trim().startsWith("-");
  const [whole = "0", fraction = ""] = amount.trim().replace(/^[-+]/, "").split(".");
  const value = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}

/** The placement's term end: the last day the agency holds it (placed plus the term); null without a term. */
export function termEndOf(placedAt: string, termDays: number | null): string | null {
  return termDays === null ? null : addDays(placedAt, termDays);
}

/**
 * Why an open placement is due for recall on `today`, or null when it is not. A placement is past its term from the
 * day after its term end; paid in full once the agency's payments reach the placed balance (a zero balance never
 * counts as paid: there was nothing to collect); not worked when the agency's latest event, or the placement itself,
 * is at least notWorkedDays old; rejected when the agency's latest answer is REJECTED.
 */
export function recallDueOf(facts: PlacementFacts, policy: RecallPolicy, today: string): RecallDue | null {
  const termEndsOn = termEndOf(facts.placedAt, facts.termDays);
  const idleDays = daysBetween(facts.lastWorkedOn ?? facts.placedAt, today);
  const placed = cents(facts.placedBalance);
  const reasons = dueReasons.filter((reason) => {
    switch (reason) {
      case "PAID_IN_FULL":
        return placed > 0n && cents(facts.collected) >= placed;
      case "REJECTED":
        return facts.acknowledgment === "REJECTED";
      case "PAST_TERM":
        return termEndsOn !== null && termEndsOn < today;
      case "NOT_WORKED":
        return idleDays >= policy.notWorkedDays;
    }
  });
  const first = reasons[0];
  return first === undefined ? null : { reasons, recallReason: recallReasonOf[first], termEndsOn, idleDays };
}

/** One row of the due-for-recall list (grid, export, recall file). */
export type RecallDueRow = {
  placementId: number;
  accountNumber: string;
  customerRef: string;
  agencyCode: string;
  placedAt: string;
  termEndsOn: string | null;
  placedBalance: string;
  currency: string;
  dpdAtPlacement: number | null;
  collected: string;
  lastWorkedOn: string | null;
  idleDays: number;
  acknowledgment: "ACCEPTED" | "REJECTED" | null;
  acknowledgmentReason: string | null;
  reasons: DueReason[];
  recallReason: RecallReason;
};
