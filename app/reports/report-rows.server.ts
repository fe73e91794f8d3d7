// The detail rows of an audit workbook (violations, complaints, the case sample), read with server-side cursors so
// a month of 200,000 violations is never in memory at once, and one sort serves the whole sheet.
import type pg from "pg";
import { getPool, streamInTransaction } from "~/db/pg.server";
import { loadCustomerSubjects, type CustomerSubjects, type SubjectColumns } from "~/privacy/free-text-subjects.server";
import type { ComplaintCorroboration, ComplaintOutcome, ComplaintSource, ComplaintStatus, Severity, ViolationStatus } from "~/generated/prisma/enums";
import type { RuleExplanation } from "~/rules/types";
import { readEvidenceEvents } from "~/violations/violation-records.server";
import { sampleIndices, sampleSize, seedFromText } from "./sample-size";

export type ReportScope = { startUtc: Date; endUtc: Date; agencyId: number | null; lenderTimeZone: string };

/** withSubjects: each row also carries the names and numbers its free text may mention (for a masked file). */
export type ReportRowOptions = { withSubjects?: boolean };

export type ViolationRow = {
  id: string;
  ruleCode: string;
  severity: Severity;
  status: ViolationStatus;
  reviewNote: string | null;
  /** The trigger's wall-clock time in the debtor's zone (the agency's when unknown), "YYYY-MM-DD HH:MM:SS". */
  localTime: string;
  timeZone: string;
  agencyCode: string;
  agentExternalId: string | null;
  agentName: string | null;
  accountNumber: string;
  debtorName: string | null;
  explanation: RuleExplanation;
  evidenceEventIds: string[];
  rulePackCode: string;
  rulePackVersion: number;
} & Partial<SubjectColumns>;

export type ComplaintRow = {
  complaintRef: string;
  localTime: string;
  timeZone: string;
  source: ComplaintSource;
  category: string;
  severity: Severity;
  status: ComplaintStatus;
  outcome: ComplaintOutcome | null;
  corroboration: ComplaintCorroboration | null;
  agencyCode: string | null;
  agentExternalId: string | null;
  accountNumber: string | null;
  debtorName: string | null;
  phoneNumber: string | null;
  description: string | null;
  resolution: string | null;
  linkedEventIds: string[];
} & Partial<SubjectColumns>;

const FETCH_SIZE = 2_000;

/**
 * Rows of one query through a cursor inside a read-only transaction, FETCH_SIZE at a time; `completePage`, if given,
 * finishes each fetched page with reads of its own on the cursor's connection (same snapshot).
 */
function cursorRows<T extends pg.QueryResultRow>(sql: string, values: unknown[]): AsyncGenerator<T[]>;
function cursorRows<T extends pg.QueryResultRow, Row>(sql: string, values: unknown[], completePage: (client: pg.ClientBase, rows: T[]) => Promise<Row[]>): AsyncGenerator<Row[]>;
function cursorRows<T extends pg.QueryResultRow, Row>(sql: string, values: unknown[], completePage?: (client: pg.ClientBase, rows: T[]) => Promise<Row[]>): AsyncGenerator<(T | Row)[]> {
  return streamInTransaction(async function* (client) {
    await client.query(`DECLARE report_rows NO SCROLL CURSOR FOR ${sql}`, values);
    // The next page is asked for before this one is handed out, so PostgreSQL works while the sheet is written.
    const fetchPage = () => client.query<T>(`FETCH ${FETCH_SIZE} FROM report_rows`);
    let pending: Promise<pg.QueryResult<T>> | null = fetchPage();
    while (pending) {
      const page: pg.QueryResult<T> = await pending;
      const rows = completePage && page.rows.length > 0 ? await completePage(client, page.rows) : page.rows;
      pending = page.rows.length === FETCH_SIZE ? fetchPage() : null;
      if (rows.length > 0) yield rows;
    }
  }, { readOnly: true });
}

const localTimeSql = (instant: string, zone: string) => `to_char(${instant} AT TIME ZONE ${zone}, 'YYYY-MM-DD HH24:MI:SS')`;

/** Violations whose trigger falls in the period, by agency code, then time, then id. */
export async function* streamReportViolations(scope: ReportScope, options: ReportRowOptions = {}): AsyncGenerator<ViolationRow[]> {
  const sql = `
    SELECT v.id::text AS id, v."ruleCode", v.severity::text AS severity, v.status::text AS status, v."reviewNote",
           ${localTimeSql('v."occurredAt"', "z.zone")} AS "localTime", z.zone AS "timeZone",
           ag.code AS "agencyCode", agt."externalId" AS "agentExternalId", agt.name AS "agentName",
           acc."accountNumber", acc."debtorName", v.explanation,
           coalesce(v."evidenceEventIds"::text[], '{}') AS "evidenceIds", rp.code AS "rulePackCode", rp.version AS "rulePackVersion",
           acc."customerId"
    FROM "Violation" v
    JOIN "Agency" ag ON ag.id = v."agencyId"
    JOIN "Account" acc ON acc.id = v."accountId"
    LEFT JOIN "Agent" agt ON agt.id = v."agentId"
    JOIN "RulePack" rp ON rp.id = v."rulePackId"
    CROSS JOIN LATERAL (SELECT coalesce(acc."timeZone", ag."timeZone") AS zone) z
    WHERE v."occurredAt" >= $1 AND v."occurredAt" < $2 AND ($3::int IS NULL OR v."agencyId" = $3::int)
    ORDER BY ag.code, v."occurredAt", v.id`;
  type Raw = Omit<ViolationRow, "explanation" | "evidenceEventIds" | keyof SubjectColumns> & { explanation: unknown; evidenceIds: string[]; customerId: number };
  // The evidence events' own ids (and the subjects of a masked file) are read per page, apart from the cursor's query:
  // evidence may be other accounts' events, subjects are the customer's other accounts, which a cluster refuses to
  // join with the violations (ADR 049).
  const completePage = async (client: pg.ClientBase, rows: Raw[]): Promise<ViolationRow[]> => {
    const events = await readEvidenceEvents(client, rows.map((row) => row.evidenceIds));
    const subjects = options.withSubjects ? await loadCustomerSubjects(rows.map((row) => row.customerId), client) : null;
    return rows.map(({ evidenceIds, customerId, ...row }) => {
      const explanation = row.explanation as Partial<RuleExplanation> | null;
      return {
        ...row,
        explanation: { key: explanation?.key ?? "", params: explanation?.params ?? {} },
        evidenceEventIds: evidenceIds.flatMap((id) => events.get(id)?.eventId ?? []),
        ...(subjects ? subjectsOf(subjects, customerId) : {}),
      };
    });
  };
  yield* cursorRows(sql, [scope.startUtc, scope.endUtc, scope.agencyId], completePage);
}

/** Complaints received in the period, by agency code (lender's own first), then time. */
export async function* streamReportComplaints(scope: ReportScope, options: ReportRowOptions = {}): AsyncGenerator<ComplaintRow[]> {
  const sql = `
    SELECT c."complaintRef", ${localTimeSql('c."receivedAt"', "z.zone")} AS "localTime", z.zone AS "timeZone",
           c.source::text AS source, c.category, c.severity::text AS severity, c.status::text AS status,
           c.outcome::text AS outcome, c.corroboration::text AS corroboration,
           ag.code AS "agencyCode", agt."externalId" AS "agentExternalId", acc."accountNumber", acc."debtorName",
           c."phoneNumber", c.description, c.resolution, c.id AS "complaintId", acc."customerId"
    FROM "Complaint" c
    LEFT JOIN "Agency" ag ON ag.id = c."agencyId"
    LEFT JOIN "Agent" agt ON agt.id = c."agentId"
    LEFT JOIN "Account" acc ON acc.id = c."accountId"
    CROSS JOIN LATERAL (SELECT coalesce(acc."timeZone", ag."timeZone", $4::text) AS zone) z
    WHERE c."receivedAt" >= $1 AND c."receivedAt" < $2 AND ($3::int IS NULL OR c."agencyId" = $3::int)
    ORDER BY ag.code NULLS FIRST, c."receivedAt", c.id`;
  type Raw = Omit<ComplaintRow, "linkedEventIds" | keyof SubjectColumns> & { complaintId: number; customerId: number | null };
  // The linked events' own ids (and the subjects of a masked file) are read per page, apart from the cursor's query:
  // a cluster refuses a lateral join of the (reference) complaints with the (distributed) events (ADR 049).
  const completePage = async (client: pg.ClientBase, rows: Raw[]): Promise<ComplaintRow[]> => {
    const { rows: links } = await client.query<{ complaintId: number; eventId: string }>(
      `SELECT ce."complaintId", ev."eventId" FROM "ComplaintEvent" ce
         JOIN "ActivityEvent" ev ON ev.id = ce."eventId" AND ev."occurredAt" = ce."eventOccurredAt"
        WHERE ce."complaintId" = ANY($1::int[]) ORDER BY ce."complaintId", ev."occurredAt", ev.id`,
      [rows.map((row) => row.complaintId)],
    );
    const linked = new Map<number, string[]>();
    for (const link of links) {
      const ids = linked.get(link.complaintId);
      if (ids) ids.push(link.eventId);
      else linked.set(link.complaintId, [link.eventId]);
    }
    const subjects = options.withSubjects ? await loadCustomerSubjects(rows.map((row) => row.customerId), client) : null;
    return rows.map(({ complaintId, customerId, ...row }) => ({
      ...row,
      linkedEventIds: linked.get(complaintId) ?? [],
      ...(subjects ? subjectsOf(subjects, customerId) : {}),
    }));
  };
  yield* cursorRows(sql, [scope.startUtc, scope.endUtc, scope.agencyId, scope.lenderTimeZone], completePage);
}

/** A row's subject columns: empty arrays for a customer without accounts or a row without an account. */
function subjectsOf(subjects: Map<number, CustomerSubjects>, customerId: number | null): SubjectColumns {
  const known = customerId === null ? undefined : subjects.get(customerId);
  return { subjectNames: known?.names ?? [], subjectPhones: known?.phones ?? [] };
}

export type RowCounts = { violations: number; complaints: number };

export async function countReportRows(scope: ReportScope): Promise<RowCounts> {
  const values = [scope.startUtc, scope.endUtc, scope.agencyId];
  const pool = getPool();
  const [violations, complaints] = await Promise.all([
    pool.query<{ count: string }>(`SELECT count(*) FROM "Violation" WHERE "occurredAt" >= $1 AND "occurredAt" < $2 AND ($3::int IS NULL OR "agencyId" = $3::int)`, values),
    pool.query<{ count: string }>(`SELECT count(*) FROM "Complaint" WHERE "receivedAt" >= $1 AND "receivedAt" < $2 AND ($3::int IS NULL OR "agencyId" = $3::int)`, values),
  ]);
  return { violations: Number(violations.rows[0]?.count ?? 0), complaints: Number(complaints.rows[0]?.count ?? 0) };
}

export type SampleAgency = { agencyId: number; agencyCode: string; population: number; sampleSize: number; seed: number };
export type SampleRow = { agencyCode: string; accountNumber: string; debtorName: string | null; events: number; violations: number; complaints: number };
export type CaseSample = { agencies: SampleAgency[]; rows: SampleRow[] };

/**
 * Per agency, the accounts it worked in the period (any activity), and a seeded random sample of them of the size
 * the 95% ±5% rule asks for. The seed is the report id and the agency code, so a regenerated draft names the same
 * cases as long as the population is unchanged.
 */
export async function drawCaseSample(scope: ReportScope, reportId: number): Promise<CaseSample> {
  const pool = getPool();
  const populations = await pool.query<{ agencyId: number; agencyCode: string; population: string }>(
    `SELECT ag.id AS "agencyId", ag.code AS "agencyCode", count(DISTINCT e."accountId") AS population
     FROM "ActivityEvent" e JOIN "Agency" ag ON ag.id = e."agencyId"
     WHERE e."occurredAt" >= $1 AND e."occurredAt" < $2 AND ($3::int IS NULL OR e."agencyId" = $3::int)
     GROUP BY ag.id, ag.code ORDER BY ag.code`,
    [scope.startUtc, scope.endUtc, scope.agencyId],
  );
  const agencies: SampleAgency[] = populations.rows.map((row) => {
    const population = Number(row.population);
    return { agencyId: row.agencyId, agencyCode: row.agencyCode, population, sampleSize: sampleSize(population), seed: seedFromText(`audit-report ${reportId} ${row.agencyCode}`) };
  });
  const rows: SampleRow[] = [];
  for (const agency of agencies) {
    const chosen = sampleIndices(agency.population, agency.sampleSize, agency.seed);
    if (chosen.length === 0) continue;
    const sample = await pool.query<{ accountId: number; accountNumber: string; debtorName: string | null; events: string }>(
      `WITH worked AS (
         SELECT e."accountId", count(*) AS events FROM "ActivityEvent" e
         WHERE e."agencyId" = $3 AND e."occurredAt" >= $1 AND e."occurredAt" < $2 GROUP BY e."accountId"
       ), numbered AS (
         SELECT w."accountId", w.events, acc."accountNumber", acc."debtorName",
                row_number() OVER (ORDER BY acc."accountNumber") - 1 AS position
         FROM worked w JOIN "Account" acc ON acc.id = w."accountId"
       )
       SELECT n."accountId", n."accountNumber", n."debtorName", n.events
       FROM numbered n WHERE n.position = ANY($4::bigint[]) ORDER BY n."accountNumber"`,
      [scope.startUtc, scope.endUtc, agency.agencyId, chosen],
    );
    // The sampled accounts' violations and complaints are counted in reads of their own: a cluster refuses
    // correlated subqueries beside the numbered accounts' CTE (ADR 049).
    const accountIds = sample.rows.map((row) => row.accountId);
    const [violations, complaints] = await Promise.all([
      pool.query<{ accountId: number; count: string }>(
        `SELECT "accountId", count(*) AS count FROM "Violation"
          WHERE "accountId" = ANY($4::int[]) AND "agencyId" = $3 AND "occurredAt" >= $1 AND "occurredAt" < $2 GROUP BY "accountId"`,
        [scope.startUtc, scope.endUtc, agency.agencyId, accountIds],
      ),
      pool.query<{ accountId: number; count: string }>(
        `SELECT "accountId", count(*) AS count FROM "Complaint" WHERE "accountId" = ANY($3::int[]) AND "receivedAt" >= $1 AND "receivedAt" < $2 GROUP BY "accountId"`,
        [scope.startUtc, scope.endUtc, accountIds],
      ),
    ]);
    const violationCounts = new Map(violations.rows.map((row) => [row.accountId, Number(row.count)]));
    const complaintCounts = new Map(complaints.rows.map((row) => [row.accountId, Number(row.count)]));
    for (const row of sample.rows) {
      rows.push({
        agencyCode: agency.agencyCode,
        accountNumber: row.accountNumber,
        debtorName: row.debtorName,
        events: Number(row.events),
        violations: violationCounts.get(row.accountId) ?? 0,
        complaints: complaintCounts.get(row.accountId) ?? 0,
      });
    }
  }
  return { agencies, rows };
}

export type PackInForce = { agencyCode: string; packCode: string; version: number | null };
export type PackVersionParameters = { code: string; version: number; name: string; parameters: unknown };

/**
 * The rule pack family and published version judging each agency in scope now, and the parameters of every pack
 * version in force or cited by a violation of the period (an old version may have judged part of the month).
 */
export async function loadRulePacksInForce(scope: ReportScope, defaultPackCode: string): Promise<{ agencies: PackInForce[]; versions: PackVersionParameters[] }> {
  const pool = getPool();
  const agencies = await pool.query<PackInForce>(
    `SELECT ag.code AS "agencyCode", coalesce(ag."rulePackCode", $2) AS "packCode",
            (SELECT max(rp.version) FROM "RulePack" rp WHERE rp.code = coalesce(ag."rulePackCode", $2) AND rp.status = 'PUBLISHED') AS version
     FROM "Agency" ag WHERE ($1::int IS NULL OR ag.id = $1::int) ORDER BY ag.code`,
    [scope.agencyId, defaultPackCode],
  );
  const versions = await pool.query<PackVersionParameters>(
    `SELECT rp.code, rp.version, rp.name, rp.parameters FROM "RulePack" rp
     WHERE (rp.code, rp.version) IN (SELECT x.code, x.version FROM unnest($1::text[], $2::int[]) AS x(code, version))
        OR rp.id IN (SELECT DISTINCT v."rulePackId" FROM "Violation" v WHERE v."occurredAt" >= $3 AND v."occurredAt" < $4 AND ($5::int IS NULL OR v."agencyId" = $5::int))
     ORDER BY rp.code, rp.version`,
    [agencies.rows.map((row) => row.packCode), agencies.rows.map((row) => row.version ?? 0), scope.startUtc, scope.endUtc, scope.agencyId],
  );
  return { agencies: agencies.rows, versions: versions.rows };
}
