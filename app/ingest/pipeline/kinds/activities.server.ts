import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { tryEnsureMonthPartitions } from "~/db/month-partitions.server";
import { copyField } from "../copy-text";
import { encodeImportMessages, importMessage, type ImportMessage } from "../../rows/import-message";
import type { ActivityCandidate, ActivityChunkItem, ActivityRejection } from "./activity-candidate";
import { shouldAnalyseKeys } from "./key-statistics";

export { activityCandidate, type ActivityCandidate, type ActivityChunkItem, type ActivityRejection } from "./activity-candidate";

// Activity files are the big ones (a day of calls from a large agency is millions of rows), so they do not go
// through the staging table the other kinds use. Each chunk of rows is parsed and validated in JavaScript, which
// also encodes every valid row's line for the events table; the database then answers three questions in bulk
// (which accounts are placed with the agency, which event ids appeared earlier in this file, which were imported
// before: "ActivityEventKey", the idempotency key across the monthly partitions, ADR 041) and the accepted lines are
// copied straight into "ActivityEvent" with the account and agent ids filled in, and their keys into
// "ActivityEventKey", after the chunk's months have their partitions. Only event ids and row numbers are staged, for
// the repeats-in-this-file check. See ADR 008.

/** event_id and row number of every row accepted (or recognised as a duplicate) so far in this batch. */
const eventIdsTable = "import_event_ids";

export type ActivityTally = {
  total: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rows rejected by the database checks, in file order: their original values are written after the last chunk. */
  rowsWithoutOriginals: number[];
  /** Accounts that gained events, for the stages after the commit. */
  accounts: Set<number>;
  /** UTC months ("YYYY-MM") that gained events: their partitions are the ones to analyse after the commit. */
  months: Set<string>;
  chunks: number;
  /** A power-of-two chunk was written: consider analysing the key table before the next chunk looks anything up. */
  analyzeBeforeNextChunk: boolean;
  /** Keys this transaction wrote since the key table's statistics were last taken, and the keys those count. */
  keysSinceStatistics: number;
  keysCounted: number | null;
  /**
   * Accounts already found placed with the agency (a placement is never undone by an import), so that later chunks
   * ask only about accounts not seen yet; capped so a file of millions of distinct accounts stays bounded.
   */
  placedAccounts: Map<string, number>;
  /** Agents of the agency met so far in this pass, and whether their name is known: only new ones cost a statement. */
  agents: Map<string, { id: number; named: boolean }>;
};

export type ActivityChunkContext = {
  batchId: number;
  agencyId: number;
  agencyCode: string;
  /**
   * False on the first pass of a strict import: every check runs and the reasons are written, but no event or agent
   * is. Only a file with no rejected row is read a second time, for real.
   */
  write: boolean;
  timing?: (phase: string) => void;
};

/** Columns of "ActivityEvent" in the order of the COPY lines: the three resolved ids, then eventColumns. */
const eventCopyColumns = [
  "agencyId", "agentId", "accountId", "eventId", "occurredAt", "localTime", "utcOffsetMinutes", "type", "direction", "contactParty",
  "outcome", "phoneNumber", "address", "durationSeconds", "messageText", "amount", "currency", "promiseDueDate", "visitors",
  "recordingId", "consentScope", "restriction", "place", "restrictedHours", "restrictedMedium", "endsAt", "disputeForm", "voicemailContent",
  "contentHash", "importBatchId",
].map((column) => `"${column}"`);

/** Most accounts remembered as placed (about 100 bytes each). */
const placedAccountsCap = 200_000;

/** Characters of COPY text gathered before each write to the connection. */
const copyWriteCharacters = 256 * 1024;

export function newActivityTally(): ActivityTally {
  return { total: 0, accepted: 0, duplicates: 0, rejected: 0, rowsWithoutOriginals: [], accounts: new Set(), months: new Set(), chunks: 0, analyzeBeforeNextChunk: false, keysSinceStatistics: 0, keysCounted: null, placedAccounts: new Map(), agents: new Map() };
}

/** The keys the key table's statistics count (its own transaction's included once analysed; -1 before any). */
async function countedKeys(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ counted: number }>(`SELECT reltuples::float8 AS counted FROM pg_class WHERE oid = '"ActivityEventKey"'::regclass`);
  return rows[0]?.counted ?? -1;
}

export async function createActivityStaging(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${eventIdsTable} (event_id text NOT NULL, row_number integer NOT NULL) ON COMMIT DROP`);
  await client.query(`CREATE INDEX ON ${eventIdsTable} (event_id)`);
}

/** Forgets the event ids of a strict import's checking pass before the pass that writes. */
export async function clearActivityStaging(client: pg.ClientBase): Promise<void> {
  await client.query(`TRUNCATE ${eventIdsTable}`);
}

/**
 * Decides every row of one chunk (accepted, duplicate or rejected, with the same reasons and precedence as before:
 * account, then repeats in the file, then earlier imports), writes the accepted rows and the reasons for the
 * rejected ones, and adds the outcome to the tally.
 */
export async function importActivityChunk(client: pg.ClientBase, items: readonly ActivityChunkItem[], context: ActivityChunkContext, tally: ActivityTally): Promise<void> {
  const timing = context.timing ?? (() => undefined);
  const rejections: ActivityRejection[] = [];
  let candidates: ActivityCandidate[] = [];
  for (const item of items) {
    if ("candidate" in item) candidates.push(item.candidate);
    else rejections.push(item.rejection);
  }
  const reject = (candidate: ActivityCandidate, field: string, message: ImportMessage) =>
    rejections.push({ rowNumber: candidate.rowNumber, field, message: encodeImportMessages([message]), values: null });

  if (tally.placedAccounts.size > placedAccountsCap) tally.placedAccounts.clear();
  if (tally.analyzeBeforeNextChunk) {
    // The probe for earlier events must keep using the key table's (agency, event id) index as it grows inside this
    // transaction, where autovacuum cannot see it (key-statistics.ts). Considered as this import's keys double, which
    // is a handful of times, and only when another chunk is to be probed: after a file's last chunk the statistics
    // would serve no query of this transaction (later imports have autovacuum's).
    tally.analyzeBeforeNextChunk = false;
    tally.keysCounted ??= await countedKeys(client);
    if (shouldAnalyseKeys(tally.keysSinceStatistics, tally.keysCounted)) {
      await client.query(`ANALYZE "ActivityEventKey"`);
      tally.keysCounted = await countedKeys(client);
      tally.keysSinceStatistics = 0;
      timing("analyze");
    }
  }
  // One round trip answers the three questions for the whole chunk; the answers are applied below in order of precedence.
  const { rows: answers } = await client.query<{ answer: "account" | "repeat" | "stored"; key: string; value: number; content_hash: string | null }>(
    `SELECT 'account' AS answer, a."accountNumber" AS key, a.id AS value, NULL AS content_hash FROM "Account" a
      WHERE a."accountNumber" = ANY($1::text[]) AND EXISTS (SELECT 1 FROM "Placement" p WHERE p."accountId" = a.id AND p."agencyId" = $2)
     UNION ALL
     SELECT 'repeat', event_id, min(row_number), NULL FROM ${eventIdsTable} WHERE event_id = ANY($3::text[]) GROUP BY event_id
     UNION ALL
     SELECT 'stored', "eventId", "importBatchId", "contentHash" FROM "ActivityEventKey" WHERE "agencyId" = $2 AND "eventId" = ANY($3::text[])`,
    [[...new Set(candidates.map((candidate) => candidate.accountNumber).filter((number) => !tally.placedAccounts.has(number)))], context.agencyId, candidates.map((candidate) => candidate.eventId)],
  );
  const accountIds = tally.placedAccounts;
  const firstRows = new Map<string, number>();
  const stored = new Map<string, { batchId: number; contentHash: string | null }>();
  for (const answer of answers) {
    if (answer.answer === "account") accountIds.set(answer.key, answer.value);
    else if (answer.answer === "repeat") firstRows.set(answer.key, answer.value);
    else stored.set(answer.key, { batchId: answer.value, contentHash: answer.content_hash });
  }
  timing("look up accounts and event ids");

  // One message whether the account is unknown or placed elsewhere: an agency learns nothing about other agencies' accounts.
  candidates = candidates.filter((candidate) => {
    if (accountIds.has(candidate.accountNumber)) return true;
    reject(candidate, "account_number", importMessage("importRow.notPlacedWithAgency", { value: candidate.accountNumber, agency: context.agencyCode }));
    return false;
  });

  // Repeats of an event id: the first accepted occurrence in the file wins, whether it is in an earlier chunk or this one.
  candidates = candidates.filter((candidate) => {
    const firstRow = firstRows.get(candidate.eventId);
    if (firstRow === undefined) {
      firstRows.set(candidate.eventId, candidate.rowNumber);
      return true;
    }
    reject(candidate, "event_id", importMessage("importRow.eventIdRepeated", { value: candidate.eventId, firstRow }));
    return false;
  });

  // The same event id from an earlier batch: the same content is a duplicate, other content a conflict.
  const accepted: ActivityCandidate[] = [];
  const staged: ActivityCandidate[] = [];
  for (const candidate of candidates) {
    const earlierEvent = stored.get(candidate.eventId);
    if (!earlierEvent) {
      accepted.push(candidate);
      staged.push(candidate);
    } else if (earlierEvent.contentHash === candidate.contentHash) {
      tally.duplicates += 1;
      staged.push(candidate);
    } else {
      reject(candidate, "event_id", importMessage("importRow.eventChanged", { value: candidate.eventId, batch: earlierEvent.batchId }));
    }
  }
  timing("decide");

  await copyLines(client, `COPY ${eventIdsTable} (event_id, row_number) FROM STDIN`, staged, (candidate) => `${copyField(candidate.eventId)}\t${candidate.rowNumber}\n`);
  timing("stage event ids");

  if (context.write && accepted.length > 0) {
    // The chunk's months get their partitions before this transaction takes any lock that their creation waits for
    // (its first write); a later chunk's new month goes to DEFAULT and is made, rows moved, after the commit.
    const chunkMonths = new Set(accepted.map((candidate) => candidate.occurredMonth));
    if (tally.chunks === 0) {
      const months = await tryEnsureMonthPartitions(chunkMonths);
      if (months === null || months.created.length > 0) timing("create month partitions");
    }
    await upsertAgents(client, context.agencyId, accepted, tally.agents);
    timing("agents");
    await copyLines(client, `COPY "ActivityEvent" (${eventCopyColumns.join(", ")}) FROM STDIN`, accepted, (candidate) => {
      const agentId = candidate.agentId === null ? "\\N" : String(tally.agents.get(candidate.agentId)?.id);
      return `${context.agencyId}\t${agentId}\t${accountIds.get(candidate.accountNumber)}\t${candidate.eventColumns}`;
    });
    timing("copy events");
    await copyLines(client, `COPY "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth") FROM STDIN`, accepted, (candidate) =>
      `${context.agencyId}\t${copyField(candidate.eventId)}\t${candidate.contentHash}\t${context.batchId}\t${candidate.occurredMonth}-01\n`,
    );
    tally.keysSinceStatistics += accepted.length;
    for (const candidate of accepted) tally.accounts.add(accountIds.get(candidate.accountNumber) ?? 0);
    for (const month of chunkMonths) tally.months.add(month);
    timing("copy keys");
    tally.chunks += 1;
    if ((tally.chunks & (tally.chunks - 1)) === 0) tally.analyzeBeforeNextChunk = true;
  }

  rejections.sort((a, b) => a.rowNumber - b.rowNumber);
  await copyLines(
    client,
    `COPY "ImportRowError" ("batchId", "rowNumber", "field", "message", "rawRow") FROM STDIN`,
    rejections,
    (rejection) => `${context.batchId}\t${rejection.rowNumber}\t${copyField(rejection.field)}\t${copyField(rejection.message)}\t${copyField(JSON.stringify(rejection.values ?? {}))}\n`,
  );
  for (const rejection of rejections) if (rejection.values === null) tally.rowsWithoutOriginals.push(rejection.rowNumber);
  tally.total += items.length;
  tally.accepted += accepted.length;
  tally.rejected += rejections.length;
}

/**
 * Creates the agents the agency has not sent before and fills in names that were missing, keeping `known` up to date.
 * A name fills in a missing one but never replaces it; within the chunk the last row that names an agent wins.
 */
async function upsertAgents(client: pg.ClientBase, agencyId: number, accepted: readonly ActivityCandidate[], known: Map<string, { id: number; named: boolean }>): Promise<void> {
  const names = new Map<string, string | null>();
  for (const candidate of accepted) {
    if (candidate.agentId === null) continue;
    const agent = known.get(candidate.agentId);
    if (agent && (agent.named || candidate.agentName === null)) continue;
    if (candidate.agentName !== null || !names.has(candidate.agentId)) names.set(candidate.agentId, candidate.agentName ?? names.get(candidate.agentId) ?? null);
  }
  if (names.size === 0) return;
  const { rows } = await client.query<{ id: number; external_id: string; named: boolean }>(
    `INSERT INTO "Agent" ("agencyId", "externalId", "name")
     SELECT $1::integer, external_id, name FROM unnest($2::text[], $3::text[]) AS v(external_id, name)
     ON CONFLICT ("agencyId", "externalId") DO UPDATE SET "name" = COALESCE("Agent"."name", EXCLUDED."name")
     RETURNING id, "externalId" AS external_id, "name" IS NOT NULL AS named`,
    [agencyId, [...names.keys()], [...names.values()]],
  );
  for (const row of rows) known.set(row.external_id, { id: row.id, named: row.named });
}

async function copyLines<Item>(client: pg.ClientBase, statement: string, items: readonly Item[], line: (item: Item) => string): Promise<void> {
  if (items.length === 0) return;
  const copy = client.query(copyFrom(statement));
  const done = finished(copy);
  // A value PostgreSQL refuses surfaces through `done`, not as an unhandled 'error' event.
  done.catch(() => undefined);
  // Lines are gathered into large strings: one write per line costs more than encoding them.
  let pending = "";
  for (const item of items) {
    pending += line(item);
    if (pending.length >= copyWriteCharacters) {
      if (!copy.write(pending)) await Promise.race([once(copy, "drain"), done]);
      pending = "";
    }
  }
  if (pending.length > 0) copy.write(pending);
  copy.end();
  await done;
}
