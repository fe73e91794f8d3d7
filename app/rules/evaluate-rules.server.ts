// The database half of the rule engine: loads customers' complete histories in chunks, runs the pure engine on
// them, and merges its findings into Violation.
//
// Why customers: the engine judges a debtor across all accounts and agencies (daily call caps, reachability,
// numbers reported wrong by another agency), so a customer is always loaded whole, never split between chunks.
// Why raw SQL on the pg pool (app/db/pg.server.ts): a million events through Prisma's row mapping takes minutes; plain pg rows
// in array mode, numbers instead of Dates, and one set-based statement per chunk for the merge take seconds.
// Why two connections: reading chunk n+1 (PostgreSQL's core) overlaps evaluating chunk n (Node's core) and
// writing chunk n-1, which on a 2-core machine is most of the speed-up there is.
import { areaCodeZones } from "./area-code-zones.server";
import { isNorthAmericanZone, resolveAccountZones } from "./zone-fallback";
import type pg from "pg";
import { getPrisma } from "~/db/client.server";
import { getPool, locks, lockForSession, releaseSessionLock } from "~/db/pg.server";
import { evaluateRules } from "./evaluate";
import { resolveTimeZone, toEpochMs } from "./local-time";
import { prepareRosters, type PreparedRosters } from "./rosters";
import { FALLBACK_PACK_CODE, ensureDefaultRulePacks, getDefaultPackCode, loadPublishedPacks } from "./rule-packs.server";
import {
  RuleInputError,
  type ActivityType,
  type ConsentScope,
  type ContactParty,
  type ContactPlace,
  type ContactRestriction,
  type Direction,
  type DisputeForm,
  type EvaluationPack,
  type Instant,
  type Outcome,
  type RuleAccount,
  type RuleAgencyRoster,
  type RuleEvent,
  type RuleRosterAgent,
  type RulePlacement,
  type RuleViolation,
  type RuleWrongNumberReport,
  type VoicemailContent,
} from "./types";

/**
 * Customers per chunk. A year of a worked portfolio is ~50-70 events per customer (the demo's is 66), so 400
 * customers are ~25k events, tens of MB per chunk in flight. 2,000 held ~130k events per chunk and ran the
 * server's 320 MB heap out on a full re-evaluation of the demo's million events.
 */
export const CUSTOMERS_PER_CHUNK = 400;

// ---------------------------------------------------------------------------------------------------------------
// What every evaluation needs besides the events: packs, and each agency's pack and time zone

export interface EvaluationContext {
  /** The family the lender's setting names (its published version may be missing: then defaultPack is "cn"). */
  defaultCode: string;
  defaultPack: EvaluationPack;
  /** Latest published version per family. */
  packs: ReadonlyMap<string, EvaluationPack>;
  agencies: ReadonlyMap<number, { code: string; timeZone: string; packCode: string | null }>;
  /** The pack an agency is judged by: its own family's published version, else the default. */
  packFor(agencyId: number): EvaluationPack;
  /** Rosters of the agencies that have sent one (rule UNTRAINED_AGENT), read once per run. */
  rosters: PreparedRosters;
}

export async function loadEvaluationContext(): Promise<EvaluationContext> {
  // Cheap (two ON CONFLICT DO NOTHING inserts), and it means a fresh database evaluates instead of failing for
  // want of a pack when the process did not boot through the server.
  await ensureDefaultRulePacks();
  const [packs, defaultCode, agencyRows, rosters] = await Promise.all([
    loadPublishedPacks(),
    getDefaultPackCode(),
    getPrisma().agency.findMany({ select: { id: true, code: true, timeZone: true, rulePackCode: true } }),
    loadAgencyRosters(),
  ]);
  const defaultPack = packs.get(defaultCode) ?? packs.get(FALLBACK_PACK_CODE);
  if (!defaultPack) throw new Error(`No published rule pack for the default code "${defaultCode}".`);
  const agencies = new Map(agencyRows.map((agency) => [agency.id, { code: agency.code, timeZone: agency.timeZone, packCode: agency.rulePackCode }]));
  const packByAgency = new Map<number, EvaluationPack>();
  for (const [id, agency] of agencies) {
    // An agency assigned to a family without a published version (only drafts) is judged by the default rather
    // than not at all.
    packByAgency.set(id, (agency.packCode === null ? undefined : packs.get(agency.packCode)) ?? defaultPack);
  }
  return { defaultCode, defaultPack, packs, agencies, packFor: (agencyId) => packByAgency.get(agencyId) ?? defaultPack, rosters: prepareRosters(rosters) };
}

/**
 * The rosters of every agency that has sent one (an agent with a start date): all the agency's agents, those never on
 * a roster included (so a contact by one of them is named), with every training record. Dates as text (see below).
 */
export async function loadAgencyRosters(): Promise<RuleAgencyRoster[]> {
  const { rows } = await getPool().query<{ agencyId: number; timeZone: string; agents: RuleRosterAgent[] }>(
    `SELECT ag.id AS "agencyId", ag."timeZone",
            json_agg(json_build_object(
              'id', g.id, 'externalId', g."externalId", 'name', g.name, 'startDate', g."startDate"::text, 'endDate', g."endDate"::text,
              'trainings', COALESCE((SELECT json_agg(json_build_object('course', t.course, 'trainedOn', t."trainedOn"::text,
                                       'certificateExpiresOn', t."certificateExpiresOn"::text, 'score', t.score::text) ORDER BY t."trainedOn", t.id)
                                     FROM "AgentTraining" t WHERE t."agentId" = g.id), '[]'::json)) ORDER BY g.id) AS agents
       FROM "Agency" ag JOIN "Agent" g ON g."agencyId" = ag.id
      WHERE EXISTS (SELECT 1 FROM "Agent" r WHERE r."agencyId" = ag.id AND r."startDate" IS NOT NULL)
      GROUP BY ag.id, ag."timeZone"`,
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading customers in chunks

export interface LoadedChunk {
  customerIds: number[];
  accountIds: number[];
  customerOfAccount: Map<number, number>;
  accounts: RuleAccount[];
  events: RuleEvent[];
  placements: RulePlacement[];
  wrongNumberReports: RuleWrongNumberReport[];
}

type AccountRow = [
  id: number,
  customerId: number,
  timeZone: string | null,
  thirdPartyConsent: boolean,
  phoneNumbers: string[],
  placementAgencyId: number | null,
  possibleTimeZones: string[] | null,
  state: string | null,
];
type PlacementRow = [accountId: number, agencyId: number, placedAt: string, recalledAt: string | null, placedBalance: string, currency: string];
type EventRow = [
  id: string,
  agencyId: number,
  agentId: number | null,
  accountId: number,
  at: number,
  type: ActivityType,
  direction: Direction,
  contactParty: ContactParty | null,
  outcome: Outcome | null,
  phoneNumber: string | null,
  messageText: string | null,
  amount: string | null,
  visitors: number | null,
  recordingId: string | null,
  consentScope: ConsentScope | null,
  restriction: ContactRestriction | null,
  place: ContactPlace | null,
  restrictedHours: string | null,
  restrictedMedium: ActivityType | null,
  endsAt: number | null,
  disputeForm: DisputeForm | null,
  voicemailContent: VoicemailContent | null,
  address: string | null,
];
type ComplaintRow = [complaintRef: string, phoneNumber: string, at: number, accountId: number | null];

// float8 epoch milliseconds parse with one parseFloat; timestamptz would build a Date through a regex per value.
// Dates as text: pg turns `date` into a Date at *local* midnight, which would shift placement days west of UTC.
const accountsSql = `
  SELECT a.id, a."customerId", a."timeZone", a."thirdPartyConsent", a."phoneNumbers", lp."agencyId", a."possibleTimeZones", a."state"
  FROM "Account" a
  LEFT JOIN LATERAL (
    SELECT p."agencyId" FROM "Placement" p WHERE p."accountId" = a.id ORDER BY p."placedAt" DESC, p.id DESC LIMIT 1
  ) lp ON true
  WHERE a."customerId" = ANY($1::int[])`;

const placementsSql = `
  SELECT p."accountId", p."agencyId", p."placedAt"::text, p."recalledAt"::text, p."placedBalance"::text, p.currency
  FROM "Placement" p JOIN "Account" a ON a.id = p."accountId"
  WHERE a."customerId" = ANY($1::int[])`;

// A nested loop of index scans, forced by LATERAL: with ~2% of the table wanted, the planner otherwise prefers a
// sequential scan of every event for every chunk. No ORDER BY: rows come out grouped by customer and account, each
// account in time order, and the engine's sort (TimSort) merges those runs in near-linear time.
const eventsSql = `
  SELECT e.id::text, e."agencyId", e."agentId", e."accountId", round(date_part('epoch', e."occurredAt") * 1000),
         e.type::text, e.direction::text, e."contactParty"::text, e.outcome::text, e."phoneNumber", e."messageText",
         e.amount::text, e.visitors, e."recordingId", e."consentScope"::text, e.restriction::text, e.place::text,
         e."restrictedHours", e."restrictedMedium"::text, round(date_part('epoch', e."endsAt") * 1000), e."disputeForm"::text,
         e."voicemailContent"::text, e.address
  FROM unnest($1::int[]) AS c(id)
  CROSS JOIN LATERAL (SELECT a.id FROM "Account" a WHERE a."customerId" = c.id) a
  CROSS JOIN LATERAL (
    SELECT * FROM "ActivityEvent" e
    WHERE e."accountId" = a.id AND ($2::timestamptz IS NULL OR e."occurredAt" <= $2::timestamptz)
    ORDER BY e."occurredAt"
  ) e`;

// Non-borrowers say "this is not the debtor's number": the complaint names the number and, when the lender could
// tell, the account. Either link ties the report to a customer. The numbers come from a subquery so that this
// query, like the others, needs nothing but the customer ids and can run at the same time as them.
const complaintsSql = `
  SELECT c."complaintRef", c."phoneNumber", round(date_part('epoch', c."receivedAt") * 1000), c."accountId"
  FROM "Complaint" c
  WHERE c.source = 'NON_BORROWER' AND c."phoneNumber" IS NOT NULL
    AND (c."phoneNumber" IN (SELECT unnest(a."phoneNumbers") FROM "Account" a WHERE a."customerId" = ANY($1::int[]))
         OR c."accountId" IN (SELECT a.id FROM "Account" a WHERE a."customerId" = ANY($1::int[])))
    AND ($2::timestamptz IS NULL OR c."receivedAt" <= $2::timestamptz)`;

async function queryRows<R>(pool: pg.Pool, text: string, values: unknown[]): Promise<R[]> {
  const result = await pool.query<R & unknown[]>({ text, values, rowMode: "array" });
  return result.rows as R[];
}

/**
 * Everything the engine needs about the customers: all their accounts, all events of all agencies on them (up to
 * `until`), placements, and wrong-number complaints. Events are never filtered by a start time: cease requests,
 * disputes, payments and conversation windows reach back arbitrarily far.
 *
 * The four queries go out at once on separate connections: PostgreSQL runs them while Node is still busy with
 * the previous chunk, instead of waiting for Node to read one answer before it sends the next question.
 */
export async function loadCustomerChunk(pool: pg.Pool, customerIds: number[], context: EvaluationContext, until: Date | null): Promise<LoadedChunk> {
  const [accountRows, placementRows, allEventRows, complaintRows] = await Promise.all([
    queryRows<AccountRow>(pool, accountsSql, [customerIds]),
    queryRows<PlacementRow>(pool, placementsSql, [customerIds]),
    queryRows<EventRow>(pool, eventsSql, [customerIds, until]),
    queryRows<ComplaintRow>(pool, complaintsSql, [customerIds, until]),
  ]);
  const accountIds = accountRows.map((row) => row[0]);
  const customerOfAccount = new Map<number, number>();
  const customersOfPhone = new Map<string, Set<number>>();
  for (const [id, customerId, , , phones] of accountRows) {
    customerOfAccount.set(id, customerId);
    for (const phone of phones) {
      let customers = customersOfPhone.get(phone);
      if (!customers) customersOfPhone.set(phone, (customers = new Set()));
      customers.add(customerId);
    }
  }
  // Separate connections see separate snapshots: an account committed between two of the queries may have events
  // but no row here. Its import evaluates it next (after this run releases the lock); here it is left out.
  const known = (row: EventRow) => customerOfAccount.has(row[3]);
  const eventRows = allEventRows.every(known) ? allEventRows : allEventRows.filter(known);
  const placementsKnown = placementRows.filter((row) => customerOfAccount.has(row[0]));

  const events: RuleEvent[] = new Array<RuleEvent>(eventRows.length);
  const latestEventAgency = new Map<number, number>();
  for (let index = 0; index < eventRows.length; index++) {
    const row = eventRows[index]!;
    latestEventAgency.set(row[3], row[1]);
    events[index] = {
      id: row[0],
      agencyId: row[1],
      agentId: row[2],
      accountId: row[3],
      occurredAt: row[4],
      type: row[5],
      direction: row[6],
      contactParty: row[7],
      outcome: row[8],
      phoneNumber: row[9],
      messageText: row[10],
      amount: row[11],
      visitors: row[12],
      recordingId: row[13],
    };
    // Most events carry no Regulation F fact: they get no facts object (a million events, a million fewer objects).
    if (row[14] !== null || row[15] !== null || row[16] !== null || row[17] !== null || row[18] !== null || row[19] !== null || row[20] !== null || row[21] !== null || row[22] !== null) {
      events[index]!.facts = {
        consentScope: row[14],
        restriction: row[15],
        place: row[16],
        restrictedHours: row[17],
        restrictedMedium: row[18],
        endsAt: row[19],
        disputeForm: row[20],
        voicemailContent: row[21],
        address: row[22],
      };
    }
  }

  const accounts: RuleAccount[] = await Promise.all(
    accountRows.map(async ([id, customerId, timeZone, thirdPartyConsent, phoneNumbers, placementAgencyId, possibleTimeZones, state]) => {
      // The debtor's zone, else that of the agency holding the account (latest placement); an account never placed
      // falls back to the agency that last worked it, and an account nobody touched to UTC (it has no events to judge).
      const agencyId = placementAgencyId ?? latestEventAgency.get(id);
      const agencyZone = (agencyId === undefined ? undefined : context.agencies.get(agencyId)?.timeZone) ?? "UTC";
      const zone = resolvedZone(timeZone, agencyZone);
      const debtorZone = timeZone !== null && zone === timeZone ? zone : null;
      const lenderPossible = possibleTimeZones ?? [];
      // Without further zones from the lender, the area codes of a North American debtor's numbers say where they
      // may be; explanations name the fallback (./zone-fallback).
      const areaZones = lenderPossible.length === 0 && isNorthAmericanZone(zone) ? await areaCodeZones(phoneNumbers) : [];
      const zones = resolveAccountZones({ debtorZone, agencyZone: zone, lenderPossible, areaCodeZones: areaZones });
      return { id, customerId, ...zones, thirdPartyConsent, phoneNumbers, state };
    }),
  );

  const placements: RulePlacement[] = placementsKnown.map(([accountId, agencyId, placedAt, recalledAt, placedBalance, currency]) => ({
    accountId,
    agencyId,
    placedAt,
    recalledAt,
    placedBalance,
    currency,
  }));

  const wrongNumberReports: RuleWrongNumberReport[] = [];
  for (const [complaintRef, phoneNumber, at, accountId] of complaintRows) {
    const customers = new Set(customersOfPhone.get(phoneNumber));
    const ofAccount = accountId === null ? undefined : customerOfAccount.get(accountId);
    if (ofAccount !== undefined) customers.add(ofAccount);
    for (const customerId of customers) wrongNumberReports.push({ customerId, phoneNumber, reportedAt: at, source: "COMPLAINT", complaintRef });
  }

  return { customerIds, accountIds, customerOfAccount, accounts, events, placements, wrongNumberReports };
}

const resolvedZones = new Map<string, string>();

/** resolveTimeZone, memoised: luxon's zone validation builds an Intl formatter per call (~30 µs per account). */
function resolvedZone(accountZone: string | null, agencyZone: string): string {
  const key = `${accountZone ?? ""}\u0000${agencyZone}`;
  let zone = resolvedZones.get(key);
  if (zone === undefined) {
    zone = resolveTimeZone(accountZone, agencyZone);
    if (resolvedZones.size < 10_000) resolvedZones.set(key, zone);
  }
  return zone;
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

const ignore = () => undefined;

/** Chunks loaded ahead of the one being evaluated: enough for PostgreSQL to stay busy while Node evaluates. */
const PREFETCH = 2;

/**
 * Loads the customers chunk by chunk, PREFETCH chunks ahead of the consumer, so the database works on the next
 * chunks while the caller evaluates the current one. At most PREFETCH + 1 chunks are in memory.
 */
export async function* customerChunks(
  pool: pg.Pool,
  customerIds: readonly number[],
  context: EvaluationContext,
  options: { until?: Date | null; chunkSize?: number } = {},
): AsyncGenerator<LoadedChunk> {
  const chunks = chunked(customerIds, options.chunkSize ?? CUSTOMERS_PER_CHUNK);
  const queue: Promise<LoadedChunk>[] = [];
  let nextIndex = 0;
  const fill = () => {
    while (queue.length < PREFETCH && nextIndex < chunks.length) {
      const promise = loadCustomerChunk(pool, chunks[nextIndex++]!, context, options.until ?? null);
      // Observed when its turn comes; this only keeps an abandoned prefetch from becoming an unhandled rejection.
      promise.catch(ignore);
      queue.push(promise);
    }
  };
  try {
    fill();
    while (queue.length > 0) {
      const current = await queue.shift()!;
      fill();
      yield current;
    }
  } finally {
    // Nothing may still be querying when the caller goes on (and perhaps closes the pool).
    await Promise.all(queue.map((promise) => promise.catch(ignore)));
  }
}

export interface ChunkEvaluation {
  violations: RuleViolation[];
  /** Accounts whose stored violations the result replaces (those of customers that evaluated without error). */
  accountIds: number[];
  failures: EvaluationFailure[];
}

export interface EvaluationFailure {
  customerId: number;
  message: string;
}

/**
 * Runs the engine over a chunk. Input the engine refuses (RuleInputError: a malformed amount, an unknown zone)
 * fails only the customers it belongs to: the chunk is re-run customer by customer and the others go ahead.
 */
export function evaluateChunk(chunk: LoadedChunk, context: EvaluationContext, options: { triggerFrom?: Instant; packFor?: (agencyId: number) => EvaluationPack } = {}): ChunkEvaluation {
  const packFor = options.packFor ?? context.packFor;
  const base = { pack: context.defaultPack, packForAgency: packFor, triggerFrom: options.triggerFrom, rosters: context.rosters };
  try {
    const violations = evaluateRules({ ...base, events: chunk.events, accounts: chunk.accounts, placements: chunk.placements, wrongNumberReports: chunk.wrongNumberReports });
    return { violations, accountIds: chunk.accountIds, failures: [] };
  } catch (error) {
    if (!(error instanceof RuleInputError)) throw error;
  }
  const byCustomer = new Map<number, { accounts: RuleAccount[]; events: RuleEvent[]; placements: RulePlacement[]; reports: RuleWrongNumberReport[] }>();
  const groupOf = (customerId: number) => {
    let group = byCustomer.get(customerId);
    if (!group) byCustomer.set(customerId, (group = { accounts: [], events: [], placements: [], reports: [] }));
    return group;
  };
  for (const account of chunk.accounts) groupOf(account.customerId).accounts.push(account);
  for (const event of chunk.events) groupOf(chunk.customerOfAccount.get(event.accountId)!).events.push(event);
  for (const placement of chunk.placements) groupOf(chunk.customerOfAccount.get(placement.accountId)!).placements.push(placement);
  for (const report of chunk.wrongNumberReports) groupOf(report.customerId).reports.push(report);
  const result: ChunkEvaluation = { violations: [], accountIds: [], failures: [] };
  for (const [customerId, group] of byCustomer) {
    try {
      result.violations.push(...evaluateRules({ ...base, events: group.events, accounts: group.accounts, placements: group.placements, wrongNumberReports: group.reports }));
      for (const account of group.accounts) result.accountIds.push(account.id);
    } catch (error) {
      if (!(error instanceof RuleInputError)) throw error;
      result.failures.push({ customerId, message: error.message });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Persisting

// One statement per chunk, atomic on its own. Identity of a violation is (ruleCode, triggerEventId), named with its
// trigger event's time (occurredAt, the partition key) and account (a Citus cluster's key must contain it, ADR 049):
//  - new findings are inserted OPEN;
//  - existing ones get the engine's current evidence, explanation, severity and pack version, and keep their review
//    (status, note, reviewer); rows whose content did not change are not written at all (no dead tuples on re-runs);
//  - OPEN violations of the chunk's accounts that the engine no longer finds are deleted (from triggerFrom on, in an
//    incremental run); CONFIRMED and DISMISSED ones are kept whatever the engine says, as the reviewer's record.
// The data-modifying CTEs share one snapshot, and the upsert touches only incoming keys while the delete touches
// only others, so the two never meet on a row.
const mergeSql = `
  WITH incoming AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::"Severity"[], $3::int[], $4::int[], $5::int[], $6::bigint[], $7::text[], $8::int[], $9::timestamptz[], $10::jsonb[])
      AS t(rule_code, severity, agency_id, agent_id, account_id, trigger_id, evidence, pack_id, occurred_at, explanation)
  ),
  -- Which incoming keys exist already: a partitioned table cannot return xmax, which told an insert from an update.
  existing AS MATERIALIZED (
    SELECT v."ruleCode", v."triggerEventId" FROM "Violation" v JOIN incoming i
      ON v."ruleCode" = i.rule_code AND v."triggerEventId" = i.trigger_id AND v."occurredAt" = i.occurred_at
  ),
  upserted AS (
    INSERT INTO "Violation" AS v ("ruleCode", severity, "agencyId", "agentId", "accountId", "triggerEventId", "evidenceEventIds", "rulePackId", "occurredAt", explanation)
    SELECT rule_code, severity, agency_id, agent_id, account_id, trigger_id, evidence::bigint[], pack_id, occurred_at, explanation FROM incoming
    ON CONFLICT ("ruleCode", "triggerEventId", "occurredAt", "accountId") DO UPDATE SET
      severity = EXCLUDED.severity, "agencyId" = EXCLUDED."agencyId", "agentId" = EXCLUDED."agentId",
      "evidenceEventIds" = EXCLUDED."evidenceEventIds", "rulePackId" = EXCLUDED."rulePackId", "occurredAt" = EXCLUDED."occurredAt",
      explanation = EXCLUDED.explanation
    WHERE (v.severity, v."agencyId", v."agentId", v."evidenceEventIds", v."rulePackId", v."occurredAt", v.explanation)
      IS DISTINCT FROM (EXCLUDED.severity, EXCLUDED."agencyId", EXCLUDED."agentId", EXCLUDED."evidenceEventIds",
                        EXCLUDED."rulePackId", EXCLUDED."occurredAt", EXCLUDED.explanation)
    RETURNING v."ruleCode", v."triggerEventId"
  ),
  deleted AS (
    DELETE FROM "Violation" v
    WHERE v."accountId" = ANY($11::int[]) AND v.status = 'OPEN'
      AND ($12::timestamptz IS NULL OR v."occurredAt" >= $12::timestamptz)
      AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.rule_code = v."ruleCode" AND i.trigger_id = v."triggerEventId")
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted u WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e."ruleCode" = u."ruleCode" AND e."triggerEventId" = u."triggerEventId"))::int AS inserted,
         (SELECT count(*) FROM upserted u WHERE EXISTS (SELECT 1 FROM existing e WHERE e."ruleCode" = u."ruleCode" AND e."triggerEventId" = u."triggerEventId"))::int AS updated,
         (SELECT count(*) FROM deleted)::int AS deleted`;

export interface MergeCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

export async function mergeViolations(client: pg.ClientBase, accountIds: readonly number[], violations: readonly RuleViolation[], triggerFrom: Date | null): Promise<MergeCounts> {
  const n = violations.length;
  const ruleCodes = new Array<string>(n);
  const severities = new Array<string>(n);
  const agencyIds = new Array<number>(n);
  const agentIds = new Array<number | null>(n);
  const violationAccountIds = new Array<number>(n);
  const triggerIds = new Array<string>(n);
  const evidence = new Array<string>(n);
  const packIds = new Array<number>(n);
  const occurredAt = new Array<string>(n);
  const explanations = new Array<string>(n);
  for (let index = 0; index < n; index++) {
    const violation = violations[index]!;
    ruleCodes[index] = violation.ruleCode;
    severities[index] = violation.severity;
    agencyIds[index] = violation.agencyId;
    agentIds[index] = violation.agentId;
    violationAccountIds[index] = violation.accountId;
    triggerIds[index] = violation.triggerEventId;
    evidence[index] = `{${violation.evidenceEventIds.join(",")}}`;
    packIds[index] = violation.rulePackId;
    occurredAt[index] = violation.occurredAt;
    explanations[index] = JSON.stringify({ key: violation.explanation.key, params: violation.explanation.params });
  }
  const result = await client.query<{ inserted: number; updated: number; deleted: number }>(mergeSql, [
    ruleCodes,
    severities,
    agencyIds,
    agentIds,
    violationAccountIds,
    triggerIds,
    evidence,
    packIds,
    occurredAt,
    explanations,
    accountIds,
    triggerFrom,
  ]);
  const row = result.rows[0];
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0, deleted: row?.deleted ?? 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Public entry points

export interface RulesEvaluationResult {
  customersEvaluated: number;
  eventsEvaluated: number;
  violationsInserted: number;
  violationsUpdated: number;
  violationsDeleted: number;
  /** Customers left as they were because the engine refused their data (at most 100 listed). */
  failures: EvaluationFailure[];
  failedCustomers: number;
}

export interface RulesProgress {
  customersDone: number;
  customersTotal: number;
  eventsEvaluated: number;
}

// Evaluations that write take this session lock for their whole run, so two of them (a full run and an import's
// incremental run) never merge results computed from different snapshots of one customer in the wrong order.
// Readers (what-if, exports) do not take it.
const MAX_LISTED_FAILURES = 100;

async function evaluateCustomers(customerIds: readonly number[], options: { triggerFrom: Date | null; onProgress?: (progress: RulesProgress) => void; chunkSize?: number }): Promise<RulesEvaluationResult> {
  const result: RulesEvaluationResult = {
    customersEvaluated: 0,
    eventsEvaluated: 0,
    violationsInserted: 0,
    violationsUpdated: 0,
    violationsDeleted: 0,
    failures: [],
    failedCustomers: 0,
  };
  if (customerIds.length === 0) return result;
  const context = await loadEvaluationContext();
  const pool = getPool();
  const writer = await pool.connect();
  let writerBroken = false;
  try {
    await lockForSession(writer, locks.ruleEvaluation);
    let pending: Promise<void> = Promise.resolve();
    try {
      for await (const chunk of customerChunks(pool, customerIds, context, { chunkSize: options.chunkSize })) {
        const evaluation = evaluateChunk(chunk, context, { triggerFrom: options.triggerFrom ?? undefined });
        // One merge in flight: it overlaps this chunk's evaluation, and merges stay in customer order.
        await pending;
        result.eventsEvaluated += chunk.events.length;
        result.failedCustomers += evaluation.failures.length;
        for (const failure of evaluation.failures) if (result.failures.length < MAX_LISTED_FAILURES) result.failures.push(failure);
        pending = mergeViolations(writer, evaluation.accountIds, evaluation.violations, options.triggerFrom).then((counts) => {
          result.customersEvaluated += chunk.customerIds.length - evaluation.failures.length;
          result.violationsInserted += counts.inserted;
          result.violationsUpdated += counts.updated;
          result.violationsDeleted += counts.deleted;
          options.onProgress?.({
            customersDone: result.customersEvaluated + result.failedCustomers,
            customersTotal: customerIds.length,
            eventsEvaluated: result.eventsEvaluated,
          });
        });
        pending.catch(ignore);
      }
      await pending;
    } finally {
      await pending.catch(ignore);
    }
  } catch (error) {
    writerBroken = true;
    throw error;
  } finally {
    if (writerBroken) {
      // A failed statement may leave the connection in any state; dropping it also drops the session lock.
      writer.release(true);
    } else {
      await releaseSessionLock(writer, locks.ruleEvaluation);
      writer.release();
    }
  }
  return result;
}

/**
 * Re-judges the customers owning these accounts (all their accounts, every agency) and merges the findings.
 * For an import: pass the batch's accounts and, as triggerFrom, the earliest occurredAt among the new events;
 * earlier violations cannot change (rules only look back) and are left alone. Placement changes (a recall date)
 * can affect any earlier event: evaluate those accounts without triggerFrom.
 */
export async function evaluateRulesForAccounts(options: { accountIds: readonly number[]; triggerFrom?: Instant | null; onProgress?: (progress: RulesProgress) => void }): Promise<RulesEvaluationResult> {
  const triggerFrom = options.triggerFrom == null ? null : new Date(toEpochMs(options.triggerFrom, "triggerFrom"));
  if (options.accountIds.length === 0) return evaluateCustomers([], { triggerFrom });
  const rows = await getPrisma().$queryRaw<{ customerId: number }[]>`
    SELECT DISTINCT "customerId" FROM "Account" WHERE id = ANY(${[...new Set(options.accountIds)]}::int[]) ORDER BY "customerId"`;
  return evaluateCustomers(
    rows.map((row) => row.customerId),
    { triggerFrom, onProgress: options.onProgress },
  );
}

/** Re-judges every customer: after publishing a pack version, changing assignments or the default pack. */
export async function evaluateAllRules(options: { onProgress?: (progress: RulesProgress) => void; chunkSize?: number } = {}): Promise<RulesEvaluationResult> {
  const rows = await getPrisma().$queryRaw<{ id: number }[]>`SELECT id FROM "Customer" ORDER BY id`;
  return evaluateCustomers(
    rows.map((row) => row.id),
    { triggerFrom: null, onProgress: options.onProgress, chunkSize: options.chunkSize },
  );
}

/**
 * The rule stage of an import: re-judges exactly what the batch can have changed. Activities can only affect
 * findings from their own earliest instant on (rules look back), except a wrong number found, which also reaches
 * back to the calls placed to it before (Reg F comment 14(b)(2)(i)-3); a non-borrower complaint is such a finding
 * too, on every account that has the number on file, not only the one it names;
 * placements (a recall date, a balance) can affect anything, so their accounts are judged whole.
 */
export async function evaluateRulesForImportBatch(batchId: number, options: { onProgress?: (progress: RulesProgress) => void } = {}): Promise<RulesEvaluationResult> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { kind: true } });
  let rows: { accountId: number; from: Date | null }[];
  if (batch.kind === "ACTIVITIES") {
    // A wrong number found by this batch takes earlier calls to it out of the consumer's call counts (Reg F comment
    // 14(b)(2)(i)-3): those accounts' customers are judged whole, as after a placement change.
    rows = await prisma.$queryRaw`
      SELECT "accountId",
             CASE WHEN bool_or(bool_or(outcome = 'WRONG_NUMBER')) OVER () THEN NULL ELSE min(min("occurredAt")) OVER () END AS "from"
      FROM "ActivityEvent" WHERE "importBatchId" = ${batchId} GROUP BY "accountId"`;
  } else if (batch.kind === "COMPLAINTS") {
    rows = await prisma.$queryRaw`
      WITH reports AS (
        SELECT "accountId", "phoneNumber", "receivedAt" FROM "Complaint"
        WHERE "importBatchId" = ${batchId} AND source = 'NON_BORROWER'
      )
      SELECT DISTINCT a.id AS "accountId", NULL::timestamptz AS "from"
      FROM "Account" a
      WHERE a.id IN (SELECT "accountId" FROM reports WHERE "accountId" IS NOT NULL)
         OR a."phoneNumbers" && ARRAY(SELECT "phoneNumber" FROM reports WHERE "phoneNumber" IS NOT NULL)`;
  } else {
    rows = await prisma.$queryRaw`SELECT DISTINCT "accountId", NULL::timestamptz AS "from" FROM "Placement" WHERE "importBatchId" = ${batchId}`;
  }
  return evaluateRulesForAccounts({ accountIds: [...new Set(rows.map((row) => row.accountId))], triggerFrom: rows[0]?.from ?? null, onProgress: options.onProgress });
}
