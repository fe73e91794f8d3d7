// The balance still owed as a case's timeline unfolds: each placement starts at its placed balance and every
// payment recorded by that agency during the placement reduces it. Amounts are decimal strings handled in cents,
// never floats; balances of different placements (possibly different currencies) are never combined.

export type BalancePlacement = { agencyCode: string; placedAt: string; recalledAt: string | null; placedBalance: string; currency: string };
/** `day`: the event's day in the lender's reporting zone, the day the metrics attribute a payment to a placement by. */
export type BalanceEvent = { id: string; agencyCode: string; day: string; type: string; amount: string | null };
export type RunningBalance = { balance: string; currency: string };

function toCents(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: "${amount}"`);
  const cents = BigInt(match[2] ?? "0") * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] === "-" ? -cents : cents;
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, "0")}`;
}

/**
 * Balance after each event (events in time order), keyed by event id. An event belongs to the latest placement of
 * its agency that ran on its day (placed on or before it, not recalled before it), as collections do in the
 * metrics; events outside every placement (before it, or after its recall) get no balance.
 */
export function computeRunningBalances(placements: readonly BalancePlacement[], events: readonly BalanceEvent[]): Map<string, RunningBalance> {
  const byAgency = new Map<string, { placement: BalancePlacement; index: number }[]>();
  placements.forEach((placement, index) => {
    const list = byAgency.get(placement.agencyCode) ?? [];
    list.push({ placement, index });
    byAgency.set(placement.agencyCode, list);
  });
  for (const list of byAgency.values()) list.sort((a, b) => (a.placement.placedAt < b.placement.placedAt ? -1 : a.placement.placedAt > b.placement.placedAt ? 1 : 0));
  const remaining = new Map<number, bigint>();
  const balances = new Map<string, RunningBalance>();
  for (const event of events) {
    const { day } = event;
    const candidates = byAgency.get(event.agencyCode) ?? [];
    let owner: { placement: BalancePlacement; index: number } | undefined;
    for (const candidate of candidates) {
      const { placedAt, recalledAt } = candidate.placement;
      if (placedAt <= day && (recalledAt === null || recalledAt >= day)) owner = candidate;
    }
    if (!owner) continue;
    let balance = remaining.get(owner.index) ?? toCents(owner.placement.placedBalance);
    if (event.type === "PAYMENT" && event.amount) balance -= toCents(event.amount);
    remaining.set(owner.index, balance);
    balances.set(event.id, { balance: fromCents(balance), currency: owner.placement.currency });
  }
  return balances;
}
