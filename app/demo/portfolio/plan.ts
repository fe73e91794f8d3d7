// The portfolio's accounts and placements: who owes what, placed with which agency, when, and when recalled.
// Pure and seeded. Held in memory (a few hundred bytes per placement); the events are generated from it one
// placement at a time and never held together.
import { zoneClock } from "~/rules/local-time";
import { behaviourOf, demoAgencyBehaviours, regionCurrency, regionZones, type AgencyBehaviour, type Region } from "./behaviour";
import { between, personName, phoneNumber, pick, streamRandom, type Random } from "./people";
import { DEMO_WRONG_NUMBER, showcaseAccounts } from "./facts";

export const DAY_MS = 86_400_000;

/** Placements and events at scale 1 (what `npm run demo` loads). */
export const BASE_PLACEMENTS = 20_000;
export const BASE_EVENTS = 1_000_000;

export type PortfolioWindow = {
  /** First day of the first month, UTC midnight of that calendar date. */
  startMs: number;
  /** Days in the window (12 whole months). */
  days: number;
  /** "YYYY-MM-DD" of the first and last day. */
  from: string;
  to: string;
};

/** Twelve whole months ending with the last full month before the anchor date. */
export function portfolioWindow(anchor: Date): PortfolioWindow {
  const endMs = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1);
  const startMs = Date.UTC(anchor.getUTCFullYear() - 1, anchor.getUTCMonth(), 1);
  return { startMs, days: Math.round((endMs - startMs) / DAY_MS), from: isoDate(startMs), to: isoDate(endMs - DAY_MS) };
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export type Agent = { externalId: string; name: string };

export type PlannedPlacement = {
  index: number;
  accountNumber: string;
  customerRef: string;
  agencyCode: string;
  region: Region;
  /** The debtor's IANA zone: rules judge times in it. */
  timeZone: string;
  /** Day index in the window. */
  placedDay: number;
  recalledDay: number | null;
  balanceCents: number;
  currency: string;
  dpd: number;
  product: string;
  debtorName: string;
  /** Numbers on file; when wrongPhone is set it is the first one, and belongs to somebody else. */
  phones: string[];
  wrongPhone: string | null;
  familyPhone: string;
  familyName: string;
  thirdPartyConsent: boolean;
  /** US debtors: their state (USPS code), consistent with their zone; its state rules overlay the US pack. */
  state: string | null;
  /**
   * The debtor's own draw in [0, 1): they can be reached while it is below the agency's reachable share (scaled by
   * days past due). One per customer, so all their accounts agree on whether they answer.
   */
  contactability: number;
  agentIndex: number;
  /** Set for the few scripted accounts tests rely on (facts.ts). */
  showcase: string | null;
};

export type PortfolioPlan = { window: PortfolioWindow; placements: PlannedPlacement[]; agents: Map<string, Agent[]>; customers: number; accounts: number };

/**
 * The states a national lender meets most, by the debtor's zone; Massachusetts (two calls in seven days) and a few
 * states reviewed without a rule (WA, NY, CA) among them, so the overlay shows on the demo.
 */
const statesByZone: Record<string, readonly (string | null)[]> = {
  "America/New_York": ["NY", "NY", "MA", "MA", "FL", "PA", "NJ", null],
  "America/Chicago": ["TX", "TX", "IL", null],
  "America/Los_Angeles": ["CA", "CA", "WA", null],
};

const products = ["CREDIT_CARD", "CREDIT_CARD", "CREDIT_CARD", "PERSONAL_LOAN", "PERSONAL_LOAN", "AUTO_LOAN"] as const;
/** Balance ranges in whole currency units per product and region. */
const balanceRanges: Record<Region, Record<(typeof products)[number], [number, number]>> = {
  cn: { CREDIT_CARD: [2_000, 60_000], PERSONAL_LOAN: [5_000, 200_000], AUTO_LOAN: [20_000, 150_000] },
  us: { CREDIT_CARD: [400, 15_000], PERSONAL_LOAN: [1_000, 30_000], AUTO_LOAN: [3_000, 40_000] },
};

/** Days past due at placement: most accounts arrive at 30–179 days, a tail is written off for years. */
function daysPastDue(random: Random): number {
  const r = random();
  if (r < 0.3) return between(random, 30, 89);
  if (r < 0.65) return between(random, 90, 179);
  if (r < 0.9) return between(random, 180, 359);
  return between(random, 360, 900);
}

function balanceCents(random: Random, region: Region, product: (typeof products)[number]): number {
  const [low, high] = balanceRanges[region][product];
  // Log-uniform: many small balances, a few large ones.
  return Math.round(Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)))) * 100 + between(random, 0, 99);
}

function agentsFor(behaviour: AgencyBehaviour, seed: number): Agent[] {
  const random = streamRandom(seed, 7, behaviour.code.charCodeAt(0) * 31 + behaviour.code.charCodeAt(1));
  const prefix = behaviour.code.slice(0, 2);
  return Array.from({ length: behaviour.agents }, (_, index) => ({
    externalId: `${prefix}${String(index + 1).padStart(3, "0")}`,
    name: personName(random, behaviour.region),
  }));
}

function weightedAgency(random: Random, candidates: readonly AgencyBehaviour[]): AgencyBehaviour {
  const total = candidates.reduce((sum, candidate) => sum + candidate.placementShare, 0);
  let r = random() * total;
  for (const candidate of candidates) {
    r -= candidate.placementShare;
    if (r < 0) return candidate;
  }
  return candidates[candidates.length - 1] as AgencyBehaviour;
}

export function accountNumberFor(region: Region, index: number): string {
  return `${region === "cn" ? "62220" : "40001"}${String(index).padStart(11, "0")}`;
}

/** Builds every placement of the portfolio. `scale` 1 gives about 20,000 placements. */
export function planPortfolio(options: { seed: number; scale: number; anchor: Date }): PortfolioPlan {
  const window = portfolioWindow(options.anchor);
  const target = Math.max(demoAgencyBehaviours.length * 2, Math.round(BASE_PLACEMENTS * options.scale));
  const agents = new Map(demoAgencyBehaviours.map((behaviour) => [behaviour.code, agentsFor(behaviour, options.seed)]));
  const placements: PlannedPlacement[] = [];
  let accounts = 0;
  let customers = 0;

  const place = (fields: Omit<PlannedPlacement, "index">) => placements.push({ index: placements.length, ...fields });

  for (const showcase of showcaseAccounts) {
    const behaviour = behaviourOf(showcase.agencyCode);
    const random = streamRandom(options.seed, 9, placements.length);
    customers++;
    accounts++;
    place({
      accountNumber: showcase.accountNumber,
      customerRef: `C-SHOW-${showcase.agencyCode}`,
      agencyCode: showcase.agencyCode,
      region: behaviour.region,
      timeZone: regionZones[behaviour.region][0] as string,
      placedDay: 20,
      recalledDay: null,
      balanceCents: behaviour.region === "cn" ? 2_468_000 : 486_050,
      currency: regionCurrency[behaviour.region],
      dpd: 120,
      product: "CREDIT_CARD",
      debtorName: showcase.debtorName,
      // CROSSLINE's scripted account carries a number that belongs to somebody else, first on file.
      phones: showcase.agencyCode === "CROSSLINE" ? [DEMO_WRONG_NUMBER, showcase.phone] : [showcase.phone],
      wrongPhone: showcase.agencyCode === "CROSSLINE" ? DEMO_WRONG_NUMBER : null,
      familyPhone: phoneNumber(random, behaviour.region),
      familyName: personName(random, behaviour.region),
      thirdPartyConsent: false,
      // The scripted accounts' stories are the federal rules'; no state rule adds to them.
      state: null,
      // The scripted debtors answer: their stories are conversations.
      contactability: 0,
      agentIndex: 0,
      showcase: showcase.agencyCode,
    });
  }

  let customerIndex = 0;
  while (placements.length < target) {
    const random = streamRandom(options.seed, 1, customerIndex);
    customerIndex++;
    customers++;
    const behaviour = weightedAgency(random, demoAgencyBehaviours);
    const region = behaviour.region;
    const debtorName = personName(random, region);
    const timeZone = pick(random, regionZones[region]);
    // A stream of its own, so adding states left every other draw of the portfolio as it was.
    const state = region === "us" ? pick(streamRandom(options.seed, 11, customerIndex), statesByZone[timeZone] ?? [null]) : null;
    const rightPhones = random() < 0.3 ? [phoneNumber(random, region, timeZone), phoneNumber(random, region, timeZone)] : [phoneNumber(random, region, timeZone)];
    const familyPhone = phoneNumber(random, region);
    const familyName = personName(random, region);
    // Some debtors owe on two accounts; both are placed together.
    const accountCount = random() < 0.08 ? 2 : 1;
    const contactability = random();
    const placedDay = between(random, 0, window.days - 20);
    for (let accountOfCustomer = 0; accountOfCustomer < accountCount && placements.length < target; accountOfCustomer++) {
      accounts++;
      const accountNumber = accountNumberFor(region, accounts);
      const product = pick(random, products);
      const dpd = daysPastDue(random);
      const balance = balanceCents(random, region, product);
      let day = placedDay;
      let chainBehaviour = behaviour;
      // An account may be recalled and placed again with another agency of the same region.
      for (let link = 0; link < 3 && placements.length < target; link++) {
        const term = between(random, 90, 180);
        const recalledDay = day + term < window.days ? day + term : null;
        const wrong = random() < chainBehaviour.wrongNumberAccountShare;
        const wrongPhone = wrong ? phoneNumber(random, region) : null;
        place({
          accountNumber,
          customerRef: `C${String(customerIndex).padStart(8, "0")}`,
          agencyCode: chainBehaviour.code,
          region,
          timeZone,
          placedDay: day,
          recalledDay,
          balanceCents: balance,
          currency: regionCurrency[region],
          dpd: dpd + (day - placedDay),
          product,
          debtorName,
          phones: wrongPhone ? [wrongPhone, ...rightPhones] : [...rightPhones],
          wrongPhone,
          familyPhone,
          familyName,
          thirdPartyConsent: random() < 0.05,
          state,
          contactability,
          agentIndex: Math.floor(random() * chainBehaviour.agents),
          showcase: null,
        });
        if (recalledDay === null || random() >= 0.35) break;
        const others = demoAgencyBehaviours.filter((candidate) => candidate.region === region && candidate.code !== chainBehaviour.code);
        chainBehaviour = weightedAgency(random, others);
        day = recalledDay + between(random, 1, 10);
        if (day >= window.days - 5) break;
      }
    }
  }
  return { window, placements, agents, customers, accounts };
}

/** UTC offset in minutes of `zone` at an instant: the rule engine's zone clock, which keeps offsets per day. */
export function offsetMinutes(zone: string, utcMs: number): number {
  return zoneClock(zone).offsetMinutes(utcMs);
}

/** The instant of a wall-clock time (given as if it were UTC) in `zone`. */
export function wallToUtc(zone: string, wallMs: number): number {
  const guess = wallMs - offsetMinutes(zone, wallMs) * 60_000;
  return wallMs - offsetMinutes(zone, guess) * 60_000;
}

