// One block of the violations grid (AG Grid's infinite row model asks for rows startRow..endRow) and a capped
// count. Built for millions of violations on the existing indexes: the default order (trigger time) is read
// agency by agency from the (agencyId, occurredAt) index and merged, so a page never sorts the whole table.
import type { PersonalDataView } from "~/privacy/mask";
import { freeTextFor, loadCustomerSubjects } from "~/privacy/free-text-subjects.server";
import { getPool } from "~/db/pg.server";
import { tablesAreDistributed } from "~/db/citus.server";
import type { RuleExplanation } from "~/rules/types";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { countCapped, toGridBlock } from "~/grid/count-capped.server";
import { and, type GridBlock } from "~/grid/grid-query";
import { violationOrderBy, violationWhere, type ViolationCursor, type ViolationFilters, type ViolationSort } from "./violation-grid-query";

export type ViolationGridRow = {
  id: string;
  /** The trigger's instant, ISO-8601 UTC. */
  occurredAt: string;
  /** The debtor's zone (the agency's when the debtor's is unknown): the grid shows local times in it. */
  timeZone: string;
  ruleCode: string;
  severity: Severity;
  status: ViolationStatus;
  agencyCode: string;
  agentExternalId: string | null;
  accountNumber: string;
  explanation: RuleExplanation;
  reviewNote: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
};

export type ViolationBlock = GridBlock<ViolationGridRow>;

type PageRow = Omit<ViolationGridRow, "occurredAt" | "explanation"> & { occurredAt: Date; explanation: unknown; customerId: number };

// A review note is free text and may name the debtor or a number: masked for roles without personal-data rights,
// with the names and numbers of the page's customers read afterwards in one read (loadCustomerSubjects).
const detailSelect = `
  SELECT v.id::text AS id, v."occurredAt", coalesce(acc."timeZone", a."timeZone") AS "timeZone", v."ruleCode",
         v.severity::text AS severity, v.status::text AS status, a.code AS "agencyCode", agt."externalId" AS "agentExternalId",
         acc."accountNumber", v.explanation, v."reviewNote", u.name AS "reviewedByName",
         -- timestamp without time zone holding UTC (Prisma's DateTime): read as text so pg does not shift it.
         to_char(v."reviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt", acc."customerId"
  FROM page
  JOIN "Violation" v ON v.id = page.id
  JOIN "Agency" a ON a.id = v."agencyId"
  JOIN "Account" acc ON acc.id = v."accountId"
  LEFT JOIN "Agent" agt ON agt.id = v."agentId"
  LEFT JOIN "User" u ON u.id = v."reviewedById"`;

export async function queryViolations(options: {
  filters: ViolationFilters;
  sort: ViolationSort;
  startRow: number;
  endRow: number;
  /** The agency an AGENCY user is bound to; undefined for everyone else. */
  scopeAgencyId?: number;
  /** The lender's reporting zone: the days of the day filters. */
  timeZone: string;
  /** The row before startRow in trigger-time order (keyset paging); ignored for other sorts. */
  after?: ViolationCursor;
  view: PersonalDataView;
}): Promise<ViolationBlock> {
  const { agencyClauses, violationClauses, values } = violationWhere(options.filters, { agencyId: options.scopeAgencyId, timeZone: options.timeZone });
  const limit = options.endRow - options.startRow;
  const orderBy = violationOrderBy(options.sort);
  const pageValues = [...values, options.startRow, limit];
  const offsetParam = `$${values.length + 1}`;
  const limitParam = `$${values.length + 2}`;
  const pool = getPool();
  // On a Citus cluster (ADR 049) the per-agency LATERAL … LIMIT below is refused (a LIMIT in a lateral subquery that
  // names a reference table): there the plain ORDER BY … LIMIT over the violations, which Citus pushes to each shard
  // and merges, with the same keyset bounds.
  const perAgency = !(await tablesAreDistributed(pool));
  let pageSql: string;
  if (options.sort.column === "occurredAt") {
    const clauses = [...violationClauses];
    let reach = options.endRow;
    if (options.after) {
      // The redundant bound on occurredAt alone is what the (agencyId, occurredAt) index can use.
      const before = options.sort.direction === "desc";
      const first = values.length + (perAgency ? 4 : 3);
      const at = `$${first}::timestamptz`;
      const id = `$${first + 1}::bigint`;
      clauses.push(`v."occurredAt" ${before ? "<=" : ">="} ${at}`, `(v."occurredAt", v.id) ${before ? "<" : ">"} (${at}, ${id})`);
      pageValues[pageValues.length - 2] = 0;
      reach = limit;
    }
    // Each agency contributes at most `reach` rows in index order; the merge of those is the global order.
    if (perAgency) pageValues.push(reach);
    if (options.after) pageValues.push(options.after.occurredAt, options.after.id);
    pageSql = !perAgency
      ? `
      SELECT v.id FROM "Violation" v
      JOIN "Agency" a ON a.id = v."agencyId"
      WHERE ${and([...agencyClauses, ...clauses])}
      ORDER BY ${orderBy} OFFSET ${offsetParam} LIMIT ${limitParam}`
      : `
      SELECT v.id FROM "Agency" a
      CROSS JOIN LATERAL (
        SELECT v.id, v."occurredAt" FROM "Violation" v
        WHERE v."agencyId" = a.id AND ${and(clauses)}
        ORDER BY ${orderBy} LIMIT $${values.length + 3}
      ) v
      WHERE ${and(agencyClauses)}
      ORDER BY ${orderBy} OFFSET ${offsetParam} LIMIT ${limitParam}`;
  } else {
    pageSql = `
      SELECT v.id FROM "Violation" v
      JOIN "Agency" a ON a.id = v."agencyId"
      ${options.sort.column === "agentExternalId" ? `LEFT JOIN "Agent" agt ON agt.id = v."agentId"` : ""}
      ${options.sort.column === "accountNumber" ? `JOIN "Account" acc ON acc.id = v."accountId"` : ""}
      WHERE ${and([...agencyClauses, ...violationClauses])}
      ORDER BY ${orderBy} OFFSET ${offsetParam} LIMIT ${limitParam}`;
  }
  const [page, count] = await Promise.all([
    // The detail select joins the same aliases, so the page keeps its order by re-sorting its few rows.
    pool.query<PageRow>(`WITH page AS (${pageSql}) ${detailSelect} ORDER BY ${orderBy}`, pageValues),
    options.startRow === 0
      ? countCapped(pool, `SELECT 1 FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId" WHERE ${and([...agencyClauses, ...violationClauses])}`, values)
      : null,
  ]);
  const subjects = options.view === "masked" ? await loadCustomerSubjects(page.rows.map((row) => row.customerId)) : null;
  const rows = page.rows.map(
    ({ customerId, ...row }): ViolationGridRow => ({
      ...row,
      occurredAt: row.occurredAt.toISOString(),
      explanation: toExplanation(row.explanation),
      reviewNote: freeTextFor(options.view, row.reviewNote, subjects?.get(customerId)),
    }),
  );
  return toGridBlock(rows, options, count);
}

function toExplanation(value: unknown): RuleExplanation {
  const explanation = value as Partial<RuleExplanation> | null;
  return { key: explanation?.key ?? "", params: explanation?.params ?? {} };
}
