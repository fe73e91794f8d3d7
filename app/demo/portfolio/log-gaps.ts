// What the demo agencies leave out of their logs, so that Data health and the complaint corroboration have something
// real to find (ADR 036): IDLEWOOD's feed goes missing for one working week (no events dated Monday to Friday), and
// BLITZ stops logging the calls and texts of a share of its debtors in the 30 days before they complain (their
// complaints find no matching log; its showcase account is never touched). Pure; relative imports only (facts.ts).
import type { PortfolioWindow } from "./plan";

const DAY_MS = 86_400_000;

/** The agency whose feed goes missing, and the agency that does not log every contact. */
export const DEMO_FEED_GAP_AGENCY = "IDLEWOOD";
export const DEMO_UNLOGGED_AGENCY = "BLITZ";
/** Days before a complaint whose contacts BLITZ leaves out (the corroboration window's default). */
export const UNLOGGED_DAYS = 30;

/**
 * The missing week: Monday to Friday of the first full week of the window's tenth month (three months before the
 * anchor's month), as local calendar days of the agency.
 */
export function demoFeedGap(window: PortfolioWindow): { from: string; to: string } {
  const start = new Date(window.startMs);
  let monday = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 9, 1);
  while (new Date(monday).getUTCDay() !== 1) monday += DAY_MS;
  return { from: new Date(monday).toISOString().slice(0, 10), to: new Date(monday + 4 * DAY_MS).toISOString().slice(0, 10) };
}

/** Roughly two debtors in five, chosen by account number so that a seed always picks the same ones. */
export function isUnloggedDebtor(accountNumber: string): boolean {
  let hash = 0;
  for (const character of accountNumber) hash = (hash * 31 + character.charCodeAt(0)) % 1_000_003;
  return hash % 5 < 2;
}

const CONTACTS = new Set(["CALL", "SMS", "VISIT", "EMAIL", "LETTER"]);

/** Whether an event stays out of the agency's file. `localDay` is the event's calendar day in the agency's zone. */
export function isLeftOutOfLog(input: {
  agencyCode: string;
  showcase: boolean;
  accountNumber: string;
  type: string;
  utcMs: number;
  localDay: string;
  gap: { from: string; to: string };
  /** When the debtor's complaints against this agency were received. */
  complaintMs: readonly number[];
}): boolean {
  // The missing week leaves out everything, the showcase account's events too: a feed that did not come is whole.
  if (input.agencyCode === DEMO_FEED_GAP_AGENCY) return input.localDay >= input.gap.from && input.localDay <= input.gap.to;
  if (input.showcase) return false;
  if (input.agencyCode !== DEMO_UNLOGGED_AGENCY || !CONTACTS.has(input.type) || !isUnloggedDebtor(input.accountNumber)) return false;
  return input.complaintMs.some((received) => input.utcMs < received && input.utcMs >= received - UNLOGGED_DAYS * DAY_MS);
}
