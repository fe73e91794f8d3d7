// The demo portfolio's figures as a vendor manager would read them, straight from the simulation (no files, no
// database): contact, right-party contact and promise rates, promises kept, recovery by months since placement,
// each collector's book, complaints and contact hours. The tests hold them to realistic ranges (README.md says
// where the ranges come from) so the generator cannot drift back to a portfolio nobody would believe.
import { DAY_MS, offsetMinutes, type PortfolioWindow } from "./plan";
import type { SimulatedPortfolioPlacement } from "./simulate";

export type AgencyPortfolioStats = {
  agencyCode: string;
  /** Outbound call attempts in the whole window. */
  callAttempts: number;
  /** Share of call attempts that were answered by anyone. */
  contactPerAttempt: number;
  /** Share of call attempts that reached the debtor (or spouse). */
  rpcPerAttempt: number;
  /** Share of promises (due inside the window) followed by payments covering them by the due day + 3. */
  promiseKeptRate: number;
  /** Account-based, over the window's last six months (as the dashboard counts them). */
  accountsWorked: number;
  contactRate: number;
  rpcRate: number;
  /** Accounts with a promise ÷ accounts reached. */
  promiseRate: number;
  /** Collected ÷ placed balance within 6 months of placement, placements of 180+ days past due placed ≥ 6 months before the window's end. */
  recovery6mOver180Dpd: number;
  /** The same for every placement placed ≥ 6 months before the window's end. */
  recovery6m: number;
  /** Distinct accounts each collector touched in the last six months: median and largest. */
  accountsPerCollectorMedian: number;
  accountsPerCollectorMax: number;
  /** Share of an account's outbound contacts made by its main collector (mean over accounts). */
  mainCollectorShare: number;
  complaintsLast6Months: number;
  complaints: number;
  /** Outbound contacts by local hour 0–23. */
  contactsByHour: number[];
  /** Re-placements whose balance is not what the previous placement left owing (must be 0). */
  replacementBalanceMismatches: number;
};

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const outboundContactTypes = new Set(["CALL", "SMS", "EMAIL", "LETTER", "VISIT"]);

export function portfolioStats(placements: Iterable<SimulatedPortfolioPlacement>, window: PortfolioWindow): AgencyPortfolioStats[] {
  const sixMonthsFrom = window.startMs + (window.days - 183) * DAY_MS;
  type Tally = {
    calls: number; contacted: number; rpc: number; promisesDue: number; promisesKept: number;
    worked: Set<string>; contactedAccounts: Set<string>; rpcAccounts: Set<string>; promiseAccounts: Set<string>;
    placed6m: number; collected6m: number; placed6mOld: number; collected6mOld: number;
    collectors: Map<number, Set<string>>; mainShareSum: number; mainShareAccounts: number; complaints: number; complaintsAll: number; hours: number[]; mismatches: number;
  };
  const tallies = new Map<string, Tally>();
  const owedAfter = new Map<string, number>();
  for (const { placement, behaviour, simulated } of placements) {
    let tally = tallies.get(behaviour.code);
    if (!tally) {
      tally = {
        calls: 0, contacted: 0, rpc: 0, promisesDue: 0, promisesKept: 0, worked: new Set(), contactedAccounts: new Set(), rpcAccounts: new Set(), promiseAccounts: new Set(),
        placed6m: 0, collected6m: 0, placed6mOld: 0, collected6mOld: 0, collectors: new Map(), mainShareSum: 0, mainShareAccounts: 0, complaints: 0, complaintsAll: 0, hours: Array.from({ length: 24 }, () => 0), mismatches: 0,
      };
      tallies.set(behaviour.code, tally);
    }
    const previous = owedAfter.get(placement.accountNumber);
    if (previous !== undefined && previous !== placement.balanceCents) tally.mismatches++;
    const key = `${placement.accountNumber}:${placement.index}`;
    const placedMs = window.startMs + placement.placedDay * DAY_MS;
    const sixMonthsLater = placedMs + 183 * DAY_MS;
    const matured = placement.placedDay <= window.days - 183;
    let collected = 0;
    let collected6m = 0;
    const byAgent = new Map<number, number>();
    let outbound = 0;
    for (const event of simulated.events) {
      const recent = event.utcMs >= sixMonthsFrom;
      if (event.type === "PAYMENT") {
        collected += event.amountCents ?? 0;
        if (event.utcMs < sixMonthsLater) collected6m += event.amountCents ?? 0;
        continue;
      }
      if (event.type === "PROMISE") {
        if (recent) tally.promiseAccounts.add(key);
        if (event.promiseDueDay !== null && event.promiseDueDay + 3 < window.days) {
          tally.promisesDue++;
          const deadline = window.startMs + (event.promiseDueDay + 4) * DAY_MS;
          const paid = simulated.events
            .filter((other) => other.type === "PAYMENT" && other.utcMs >= event.utcMs && other.utcMs < deadline)
            .reduce((sum, other) => sum + (other.amountCents ?? 0), 0);
          if (paid >= (event.amountCents ?? 0)) tally.promisesKept++;
        }
        continue;
      }
      if (event.direction !== "OUTBOUND" || !outboundContactTypes.has(event.type)) continue;
      outbound++;
      byAgent.set(event.agentIndex, (byAgent.get(event.agentIndex) ?? 0) + 1);
      const localHour = new Date(event.utcMs + offsetMinutes(placement.timeZone, event.utcMs) * 60_000).getUTCHours();
      tally.hours[localHour] = (tally.hours[localHour] ?? 0) + 1;
      const connected = event.outcome === "CONNECTED";
      const rightParty = connected && (event.party === "DEBTOR" || event.party === "SPOUSE");
      if (event.type === "CALL") {
        tally.calls++;
        if (connected) tally.contacted++;
        if (rightParty) tally.rpc++;
      }
      if (recent) {
        tally.worked.add(key);
        if (connected) tally.contactedAccounts.add(key);
        if (rightParty) tally.rpcAccounts.add(key);
        let agentAccounts = tally.collectors.get(event.agentIndex);
        if (!agentAccounts) tally.collectors.set(event.agentIndex, (agentAccounts = new Set()));
        agentAccounts.add(key);
      }
    }
    if (outbound > 0) {
      tally.mainShareSum += Math.max(...byAgent.values()) / outbound;
      tally.mainShareAccounts++;
    }
    if (matured) {
      tally.placed6m += placement.balanceCents;
      tally.collected6m += collected6m;
      if (placement.dpd >= 180) {
        tally.placed6mOld += placement.balanceCents;
        tally.collected6mOld += collected6m;
      }
    }
    owedAfter.set(placement.accountNumber, placement.balanceCents - collected);
    tally.complaints += simulated.complaints.filter((complaint) => complaint.utcMs >= sixMonthsFrom).length;
    tally.complaintsAll += simulated.complaints.length;
  }
  return [...tallies.entries()].map(([agencyCode, tally]) => {
    const books = [...tally.collectors.values()].map((accounts) => accounts.size).sort((a, b) => a - b);
    return {
      agencyCode,
      callAttempts: tally.calls,
      contactPerAttempt: ratio(tally.contacted, tally.calls),
      rpcPerAttempt: ratio(tally.rpc, tally.calls),
      promiseKeptRate: ratio(tally.promisesKept, tally.promisesDue),
      accountsWorked: tally.worked.size,
      contactRate: ratio(tally.contactedAccounts.size, tally.worked.size),
      rpcRate: ratio(tally.rpcAccounts.size, tally.worked.size),
      promiseRate: ratio([...tally.promiseAccounts].filter((key) => tally.rpcAccounts.has(key)).length, tally.rpcAccounts.size),
      recovery6mOver180Dpd: ratio(tally.collected6mOld, tally.placed6mOld),
      recovery6m: ratio(tally.collected6m, tally.placed6m),
      accountsPerCollectorMedian: books[Math.floor(books.length / 2)] ?? 0,
      accountsPerCollectorMax: books.at(-1) ?? 0,
      mainCollectorShare: ratio(tally.mainShareSum, tally.mainShareAccounts),
      complaintsLast6Months: tally.complaints,
      complaints: tally.complaintsAll,
      contactsByHour: tally.hours,
      replacementBalanceMismatches: tally.mismatches,
    };
  });
}
