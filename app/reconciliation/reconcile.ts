// Reconciliation of the agencies' reported payments with the lender's ledger (ADR 038), one account at a time. Pure
// and deterministic: the same payments and entries give the same items in the same order, whatever order they came in.
//
// Money is whole cents (integers: exact up to 2^53, far beyond Decimal(14, 2)), days are days since 1970-01-01 (the
// payment's day in the lender's reporting zone; the ledger's book date).
//
// The rules run as passes over all of an account's payments, strongest first, so a payment never takes with a weak
// rule an entry another payment matches exactly:
//   1. EXACT_IN_WINDOW   one entry of the same amount, received on the payment's day or within the agency's remittance days → MATCHED
//   2. SPLIT_IN_WINDOW   2–4 entries in the window summing to the amount → MATCHED
//   3. EXACT_LATE        one entry of the same amount, received after the window (up to LATE_HORIZON_DAYS) → LATE_REMITTANCE
//   4. SPLIT_LATE        2–4 entries summing to the amount, the last after the window → LATE_REMITTANCE
//   5. DIFFERENT_AMOUNT  one of the agency's remittances in the window with another amount (the closest amount, then the
//                        earliest) → AMOUNT_MISMATCH
//   6. NO_LEDGER_ENTRY   nothing → REPORTED_NOT_RECEIVED
// Within a pass, payments go by (day, event id) and candidate entries by (day, ledger ref). An entry remitted by an
// agency only matches that agency's payments; an entry without an agency (a direct payment, a bank transfer) may match
// any agency's. Entries no payment took are RECEIVED_NOT_REPORTED (UNMATCHED_ENTRY).
//
// Reversals (negative amounts) are never matched to payments: each is paired with the entry it names, else with the
// latest earlier entry of the opposite amount, and reported in its own month — a reversal in April of money matched in
// March is an April item (REVERSAL_OF_MATCHED, status MATCHED, negative amount) and March stays as it was.

export const reconciliationStatuses = ["MATCHED", "REPORTED_NOT_RECEIVED", "RECEIVED_NOT_REPORTED", "AMOUNT_MISMATCH", "LATE_REMITTANCE"] as const;
export type ReconciliationStatus = (typeof reconciliationStatuses)[number];

/** Every status but MATCHED: what the page lists by default and a finding is raised from. */
export const exceptionStatuses: readonly ReconciliationStatus[] = ["REPORTED_NOT_RECEIVED", "RECEIVED_NOT_REPORTED", "AMOUNT_MISMATCH", "LATE_REMITTANCE"];

/** The exceptions a finding takes under the page's status filter (blank or ALL: every exception; MATCHED: none). */
export function exceptionStatusesForFilter(status: ReconciliationStatus | "ALL" | undefined): readonly ReconciliationStatus[] {
  if (status === undefined || status === "ALL") return exceptionStatuses;
  return status === "MATCHED" ? [] : [status];
}

/** How many exceptions a finding raised under the status filter would take, from the per-status counts shown. */
export function countRaisableExceptions(countsPerSummary: readonly Record<ReconciliationStatus, number>[], status: ReconciliationStatus | "ALL" | undefined): number {
  const statuses = exceptionStatusesForFilter(status);
  return countsPerSummary.reduce((total, counts) => total + statuses.reduce((sum, each) => sum + counts[each], 0), 0);
}

export const matchRules = [
  "EXACT_IN_WINDOW",
  "SPLIT_IN_WINDOW",
  "EXACT_LATE",
  "SPLIT_LATE",
  "DIFFERENT_AMOUNT",
  "NO_LEDGER_ENTRY",
  "UNMATCHED_ENTRY",
  "REVERSAL_OF_MATCHED",
  "REVERSAL_OF_UNMATCHED",
  "UNMATCHED_REVERSAL",
] as const;
export type MatchRule = (typeof matchRules)[number];

/** Days after the remittance window within which an entry of the same amount still counts as a late remittance. */
export const LATE_HORIZON_DAYS = 60;
/** Most entries one payment may be split into, and how many candidates the split search looks at. */
export const MAX_SPLIT_ENTRIES = 4;
const MAX_SPLIT_CANDIDATES = 12;

export type ReportedPayment = {
  /** ActivityEvent.id as text. */
  eventId: string;
  agencyId: number;
  day: number;
  cents: number;
  currency: string;
};

export type LedgerItem = {
  id: string;
  ledgerRef: string;
  day: number;
  /** Negative for a reversal. */
  cents: number;
  currency: string;
  /** The agency that remitted it, when one did. */
  remittedBy: number | null;
  /** The agency the entry is reported under: the remitter, else the agency the account was placed with that day. */
  attributedTo: number | null;
  reversesLedgerRef: string | null;
};

export type ReconciledItem = {
  agencyId: number;
  status: ReconciliationStatus;
  rule: MatchRule;
  eventId: string | null;
  ledgerIds: string[];
  ledgerRefs: string[];
  /** The payment's day, or the entry's for items without a payment (reversals: the reversal's day). */
  day: number;
  reportedCents: number | null;
  receivedCents: number | null;
  currency: string;
  /** Days from the payment to the last entry that paid it. */
  remittanceDays: number | null;
};

export type AccountReconciliationInput = {
  payments: readonly ReportedPayment[];
  entries: readonly LedgerItem[];
  /** The agency's remittance days (contract); agencies missing here get DEFAULT_REMITTANCE_DAYS. */
  remittanceDays: ReadonlyMap<number, number>;
};

export const DEFAULT_REMITTANCE_DAYS = 10;

const byNumericText = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Claim = { rule: MatchRule; status: ReconciliationStatus; entries: LedgerItem[] };

/** Reconciles one account: one item per payment, per entry no payment took, and per reversal. */
export function reconcileAccount(input: AccountReconciliationInput): ReconciledItem[] {
  const payments = [...input.payments].sort((a, b) => a.day - b.day || byNumericText(a.eventId, b.eventId));
  const positives = input.entries.filter((entry) => entry.cents > 0).sort((a, b) => a.day - b.day || byText(a.ledgerRef, b.ledgerRef));
  const reversals = input.entries.filter((entry) => entry.cents < 0).sort((a, b) => a.day - b.day || byText(a.ledgerRef, b.ledgerRef));
  const used = new Set<string>();
  const claims = new Map<string, Claim>();
  const windowOf = (payment: ReportedPayment) => input.remittanceDays.get(payment.agencyId) ?? DEFAULT_REMITTANCE_DAYS;
  const candidates = (payment: ReportedPayment, from: number, to: number) =>
    positives.filter(
      (entry) =>
        !used.has(entry.id) &&
        entry.currency === payment.currency &&
        (entry.remittedBy === null || entry.remittedBy === payment.agencyId) &&
        entry.day >= from &&
        entry.day <= to,
    );
  const claim = (payment: ReportedPayment, rule: MatchRule, status: ReconciliationStatus, entries: LedgerItem[]) => {
    for (const entry of entries) used.add(entry.id);
    claims.set(payment.eventId, { rule, status, entries });
  };
  const open = () => payments.filter((payment) => !claims.has(payment.eventId));

  for (const payment of open()) {
    const exact = candidates(payment, payment.day, payment.day + windowOf(payment)).find((entry) => entry.cents === payment.cents);
    if (exact) claim(payment, "EXACT_IN_WINDOW", "MATCHED", [exact]);
  }
  for (const payment of open()) {
    const split = findSplit(candidates(payment, payment.day, payment.day + windowOf(payment)), payment.cents);
    if (split) claim(payment, "SPLIT_IN_WINDOW", "MATCHED", split);
  }
  for (const payment of open()) {
    const late = candidates(payment, payment.day + windowOf(payment) + 1, payment.day + windowOf(payment) + LATE_HORIZON_DAYS).find((entry) => entry.cents === payment.cents);
    if (late) claim(payment, "EXACT_LATE", "LATE_REMITTANCE", [late]);
  }
  for (const payment of open()) {
    const split = findSplit(candidates(payment, payment.day, payment.day + windowOf(payment) + LATE_HORIZON_DAYS), payment.cents);
    if (split) claim(payment, "SPLIT_LATE", "LATE_REMITTANCE", split);
  }
  for (const payment of open()) {
    // Only the agency's own remittances: a direct payment of another amount is the debtor's, not a short remittance.
    const inWindow = candidates(payment, payment.day, payment.day + windowOf(payment)).filter((entry) => entry.remittedBy === payment.agencyId);
    let closest: LedgerItem | undefined;
    for (const entry of inWindow) {
      if (!closest || Math.abs(entry.cents - payment.cents) < Math.abs(closest.cents - payment.cents)) closest = entry;
    }
    if (closest) claim(payment, "DIFFERENT_AMOUNT", "AMOUNT_MISMATCH", [closest]);
  }

  const items: ReconciledItem[] = [];
  const claimedBy = new Map<string, ReportedPayment>();
  for (const payment of payments) {
    const found = claims.get(payment.eventId);
    if (!found) {
      items.push({ agencyId: payment.agencyId, status: "REPORTED_NOT_RECEIVED", rule: "NO_LEDGER_ENTRY", eventId: payment.eventId, ledgerIds: [], ledgerRefs: [], day: payment.day, reportedCents: payment.cents, receivedCents: null, currency: payment.currency, remittanceDays: null });
      continue;
    }
    for (const entry of found.entries) claimedBy.set(entry.id, payment);
    const lastDay = Math.max(...found.entries.map((entry) => entry.day));
    items.push({
      agencyId: payment.agencyId,
      status: found.status,
      rule: found.rule,
      eventId: payment.eventId,
      ledgerIds: found.entries.map((entry) => entry.id),
      ledgerRefs: found.entries.map((entry) => entry.ledgerRef),
      day: payment.day,
      reportedCents: payment.cents,
      receivedCents: found.entries.reduce((sum, entry) => sum + entry.cents, 0),
      currency: payment.currency,
      remittanceDays: lastDay - payment.day,
    });
  }
  for (const entry of positives) {
    if (used.has(entry.id) || entry.attributedTo === null) continue;
    items.push(entryItem(entry, entry.attributedTo, "RECEIVED_NOT_REPORTED", "UNMATCHED_ENTRY", null, [entry]));
  }

  const reversed = new Set<string>();
  for (const reversal of reversals) {
    const target =
      (reversal.reversesLedgerRef !== null ? positives.find((entry) => entry.ledgerRef === reversal.reversesLedgerRef) : undefined) ??
      (reversal.reversesLedgerRef === null
        ? positives.filter((entry) => !reversed.has(entry.id) && entry.cents === -reversal.cents && entry.day <= reversal.day).at(-1)
        : undefined);
    if (target) reversed.add(target.id);
    const payment = target ? claimedBy.get(target.id) : undefined;
    if (payment) {
      items.push(entryItem(reversal, payment.agencyId, "MATCHED", "REVERSAL_OF_MATCHED", payment.eventId, [reversal, target!]));
    } else {
      const agencyId = target?.attributedTo ?? reversal.attributedTo;
      if (agencyId === null || agencyId === undefined) continue;
      items.push(entryItem(reversal, agencyId, "RECEIVED_NOT_REPORTED", target ? "REVERSAL_OF_UNMATCHED" : "UNMATCHED_REVERSAL", null, target ? [reversal, target] : [reversal]));
    }
  }
  return items;
}

function entryItem(entry: LedgerItem, agencyId: number, status: ReconciliationStatus, rule: MatchRule, eventId: string | null, entries: LedgerItem[]): ReconciledItem {
  return {
    agencyId,
    status,
    rule,
    eventId,
    ledgerIds: entries.map((item) => item.id),
    ledgerRefs: entries.map((item) => item.ledgerRef),
    day: entry.day,
    reportedCents: null,
    receivedCents: entry.cents,
    currency: entry.currency,
    remittanceDays: null,
  };
}

/**
 * The first set of 2–MAX_SPLIT_ENTRIES candidates (in candidate order, smallest sets first) whose amounts sum to the
 * target, among the first MAX_SPLIT_CANDIDATES smaller than it.
 */
function findSplit(candidates: readonly LedgerItem[], target: number): LedgerItem[] | null {
  const pool = candidates.filter((entry) => entry.cents < target).slice(0, MAX_SPLIT_CANDIDATES);
  for (let size = 2; size <= MAX_SPLIT_ENTRIES; size++) {
    const found = combination(pool, size, 0, target, []);
    if (found) return found;
  }
  return null;
}

function combination(pool: readonly LedgerItem[], size: number, start: number, remaining: number, chosen: LedgerItem[]): LedgerItem[] | null {
  if (chosen.length === size) return remaining === 0 ? [...chosen] : null;
  for (let index = start; index <= pool.length - (size - chosen.length); index++) {
    const entry = pool[index]!;
    if (entry.cents > remaining) continue;
    chosen.push(entry);
    const found = combination(pool, size, index + 1, remaining - entry.cents, chosen);
    chosen.pop();
    if (found) return found;
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ days and cents

const MS_PER_DAY = 86_400_000;

/** "2026-03-01" → days since 1970-01-01. */
export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** "2026-03" of a day number. */
export function monthOfDay(day: number): string {
  return isoDay(day).slice(0, 7);
}

/** "-1234.50" → -123450, exactly (no floating point). */
export function toCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a money amount: '${amount}'`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] === "-" ? -cents : cents;
}

/** -123450 → "-1234.50". */
export function fromCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}
