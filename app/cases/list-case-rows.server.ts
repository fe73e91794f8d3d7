import { listAgencyChoices } from "~/agencies/agencies.server";
import { tablesAreDistributed } from "~/db/citus.server";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { Prisma } from "~/generated/prisma/client";
import { dpdRanges } from "~/metrics/dpd-buckets";
import type { DpdBucket } from "~/metrics/metric-types";
import { maskName, type PersonalDataView } from "~/privacy/mask";
import type { CaseSortColumn } from "./case-sort";

// The cases grid: one row per placement (an account placed with an agency), paged and sorted in the database.
// Counting and paging run on Placement alone (through its (agencyId, placedAt) index when an agency is chosen); the per-row figures (collected, last
// contact, violations) are looked up only for the rows of the page, through the (accountId, occurredAt) indexes of
// ActivityEvent and Violation, so a page costs the same at 200,000 accounts as at 200. Sorting by one of those
// figures has to compute it for every matching placement first (the same index lookups, once per placement): fine for
// an agency's or a month's cases, seconds for a whole portfolio of hundreds of thousands.

export { caseSortColumns, type CaseSortColumn } from "./case-sort";
type FigureSortColumn = Extract<CaseSortColumn, "collected" | "violations" | "lastContactAt">;
const figureSortColumns = new Set<CaseSortColumn>(["collected", "violations", "lastContactAt"] satisfies FigureSortColumn[]);

export type CaseRowsQuery = {
  agencyIds?: number[];
  /** Placements held during this inclusive day range (placed on or before `to`, not recalled before `from`). */
  from?: string;
  to?: string;
  product?: string;
  dpdBucket?: DpdBucket;
  /** Account number or customer id prefix; also a part of the debtor's name for roles that see names. */
  search?: string;
  sort?: { column: CaseSortColumn; direction: "asc" | "desc" };
  offset: number;
  limit: number;
  view: PersonalDataView;
  /** The zone the day range is read in (the lender's reporting time zone). */
  timeZone: string;
  /** Only placements made in this month (YYYY-MM). */
  placedMonth?: string;
};

export type CaseRow = {
  placementId: number;
  accountNumber: string;
  customerRef: string;
  debtorName: string | null;
  product: string | null;
  agencyCode: string;
  placedAt: string;
  recalledAt: string | null;
  placedBalance: string;
  currency: string;
  dpdAtPlacement: number | null;
  /** Payments this agency recorded on the account within the period (all time without one). */
  collected: string;
  /** The agency's latest outbound call, text, email, letter or visit on the account. */
  lastContactAt: string | null;
  /** Violations by this agency on the account within the period (all time without one). */
  violations: number;
};

export type CaseRowsPage = { rows: CaseRow[]; total: number };

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

// Every condition is on Placement or a semi-join to Account, so counting and paging read Placement alone (plus the
// accounts a product or search matches); names and customer ids are joined for the page's rows only.
function whereClause(query: CaseRowsQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.agencyIds) {
    conditions.push(query.agencyIds.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`p."agencyId" IN (${Prisma.join(query.agencyIds)})`);
  }
  if (query.to) conditions.push(Prisma.sql`p."placedAt" <= ${query.to}::date`);
  if (query.placedMonth) {
    conditions.push(Prisma.sql`p."placedAt" >= ${`${query.placedMonth}-01`}::date AND p."placedAt" < (${`${query.placedMonth}-01`}::date + interval '1 month')::date`);
  }
  if (query.from) conditions.push(Prisma.sql`(p."recalledAt" IS NULL OR p."recalledAt" >= ${query.from}::date)`);
  if (query.product) conditions.push(Prisma.sql`p."accountId" IN (SELECT id FROM "Account" WHERE product = ${query.product})`);
  if (query.dpdBucket) {
    const [low, high] = dpdRanges[query.dpdBucket];
    conditions.push(high === null ? Prisma.sql`p."dpdAtPlacement" >= ${low}` : Prisma.sql`p."dpdAtPlacement" BETWEEN ${low} AND ${high}`);
  }
  const search = query.search?.trim();
  if (search) {
    const prefix = likePrefix(search);
    const byName =
      query.view === "unmasked"
        ? Prisma.sql` UNION SELECT id FROM "Account" WHERE "debtorName" ILIKE ${`%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`}`
        : Prisma.empty;
    conditions.push(
      Prisma.sql`p."accountId" IN (SELECT id FROM "Account" WHERE "accountNumber" LIKE ${prefix}
        UNION SELECT a.id FROM "Account" a JOIN "Customer" c ON c.id = a."customerId" WHERE c."customerRef" LIKE ${prefix}${byName})`,
    );
  }
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

// Figures sort on the inner query's computed columns (f), which only exist when the sort is by a figure.
const innerSortColumns: Record<CaseSortColumn, string> = {
  placedAt: `p."placedAt"`,
  placedBalance: `p."placedBalance"`,
  accountNumber: `a."accountNumber"`,
  agencyCode: `ag.code`,
  collected: `coalesce(f.collected, 0)`,
  violations: `f.violations`,
  lastContactAt: `f."lastContactAt"`,
};
// The page query joins a table only when its sort needs it.
const sortJoins: Record<CaseSortColumn, string> = {
  placedAt: "",
  placedBalance: "",
  accountNumber: `JOIN "Account" a ON a.id = p."accountId"`,
  agencyCode: `JOIN "Agency" ag ON ag.id = p."agencyId"`,
  collected: "",
  violations: "",
  lastContactAt: "",
};
const pageSortColumns: Record<CaseSortColumn, string> = {
  placedAt: `page."placedAt"`,
  placedBalance: `page."placedBalance"`,
  accountNumber: `a."accountNumber"`,
  agencyCode: `ag.code`,
  collected: `coalesce(figures.collected, 0)`,
  violations: `figures.violations`,
  lastContactAt: `figures."lastContactAt"`,
};

// Sort columns come from a fixed list (never from the request's text), so they can be spliced in as raw SQL; the
// placement id breaks ties so that pages never overlap or skip a row. A placement never contacted sorts last
// whichever way the last contact is sorted.
function orderClause(sort: CaseRowsQuery["sort"], columns: Record<CaseSortColumn, string>, idColumn: string): Prisma.Sql {
  const direction = sort?.direction === "asc" ? "ASC" : "DESC";
  const nulls = sort?.column === "lastContactAt" ? " NULLS LAST" : "";
  return Prisma.raw(`ORDER BY ${columns[sort?.column ?? "placedAt"]} ${direction}${nulls}, ${idColumn} ${direction}`);
}

type RawRow = Omit<CaseRow, "placedAt" | "recalledAt" | "placedBalance" | "collected" | "lastContactAt" | "violations"> & {
  placedAt: Date;
  recalledAt: Date | null;
  placedBalance: Prisma.Decimal;
  collected: Prisma.Decimal | null;
  lastContactAt: Date | null;
  violations: bigint;
};

/** One page of the cases grid and the number of rows matching the filters. */
export async function listCaseRows(query: CaseRowsQuery): Promise<CaseRowsPage> {
  const prisma = getPrisma();
  const where = whereClause(query);
  const onCluster = await tablesAreDistributed(getPool());
  const [rows, counted] = await Promise.all([
    onCluster ? readPageOnCluster(query, where) : readPage(query, where),
    prisma.$queryRaw<{ total: bigint }[]>`SELECT COUNT(*) AS total FROM "Placement" p ${where}`,
  ]);

  return {
    total: Number(counted[0]?.total ?? 0),
    rows: rows.map((row) => ({
      placementId: row.placementId,
      accountNumber: row.accountNumber,
      customerRef: row.customerRef,
      debtorName: query.view === "unmasked" ? row.debtorName : maskName(row.debtorName),
      product: row.product,
      agencyCode: row.agencyCode,
      placedAt: row.placedAt.toISOString().slice(0, 10),
      recalledAt: row.recalledAt?.toISOString().slice(0, 10) ?? null,
      placedBalance: row.placedBalance.toFixed(2),
      currency: row.currency,
      dpdAtPlacement: row.dpdAtPlacement,
      collected: (row.collected ?? new Prisma.Decimal(0)).toFixed(2),
      lastContactAt: row.lastContactAt?.toISOString() ?? null,
      violations: Number(row.violations),
    })),
  };
}

function periodBounds(query: CaseRowsQuery) {
  const periodStart = query.from ? Prisma.sql`(${query.from}::date::timestamp AT TIME ZONE ${query.timeZone})` : null;
  const periodEnd = query.to ? Prisma.sql`((${query.to}::date + 1)::timestamp AT TIME ZONE ${query.timeZone})` : null;
  return (column: string) =>
    Prisma.sql`${periodStart ? Prisma.sql` AND ${Prisma.raw(column)} >= ${periodStart}` : Prisma.empty}${periodEnd ? Prisma.sql` AND ${Prisma.raw(column)} < ${periodEnd}` : Prisma.empty}`;
}

// Collected as the figures count it: the agency's payments while the placement ran (its days in the reporting zone),
// within the period; for placement alias `pl` and event alias `e`.
function paymentInPlacement(query: CaseRowsQuery, pl: string, inPeriod: (column: string) => Prisma.Sql): Prisma.Sql {
  return Prisma.sql`e.type = 'PAYMENT'
          AND e."occurredAt" >= (${Prisma.raw(pl)}."placedAt"::timestamp AT TIME ZONE ${query.timeZone})
          AND (${Prisma.raw(pl)}."recalledAt" IS NULL OR e."occurredAt" < ((${Prisma.raw(pl)}."recalledAt" + 1)::timestamp AT TIME ZONE ${query.timeZone}))${inPeriod(`e."occurredAt"`)}`;
}
const outboundContact = Prisma.sql`e.direction = 'OUTBOUND' AND e.type IN ('CALL', 'SMS', 'EMAIL', 'LETTER', 'VISIT')`;

// One server: the page's placements (a CTE with OFFSET … LIMIT) and their figures by correlated index lookups.
async function readPage(query: CaseRowsQuery, where: Prisma.Sql): Promise<RawRow[]> {
  const inPeriod = periodBounds(query);
  // The three per-placement figures for placement alias `pl` (columns accountId, agencyId, placedAt, recalledAt).
  const figuresOf = (pl: string) => Prisma.sql`
    SELECT
      (SELECT SUM(e.amount) FROM "ActivityEvent" e
        WHERE e."accountId" = ${Prisma.raw(pl)}."accountId" AND e."agencyId" = ${Prisma.raw(pl)}."agencyId" AND ${paymentInPlacement(query, pl, inPeriod)}) AS collected,
      (SELECT MAX(e."occurredAt") FROM "ActivityEvent" e
        WHERE e."accountId" = ${Prisma.raw(pl)}."accountId" AND e."agencyId" = ${Prisma.raw(pl)}."agencyId" AND ${outboundContact}) AS "lastContactAt",
      (SELECT COUNT(*) FROM "Violation" v
        WHERE v."accountId" = ${Prisma.raw(pl)}."accountId" AND v."agencyId" = ${Prisma.raw(pl)}."agencyId" AND v.status <> 'DISMISSED'${inPeriod(`v."occurredAt"`)}) AS violations`;
  const sortColumn = query.sort?.column ?? "placedAt";
  // Sorting by a figure computes it for every matching placement in the inner query; otherwise only for the page.
  const innerFigures = figureSortColumns.has(sortColumn) ? Prisma.sql`CROSS JOIN LATERAL (${figuresOf("p")}) f` : Prisma.empty;
  return getPrisma().$queryRaw<RawRow[]>`
      WITH page AS (
        SELECT p.id AS "placementId", p."accountId", p."agencyId", p."placedAt", p."recalledAt", p."placedBalance", p.currency, p."dpdAtPlacement"
        FROM "Placement" p ${Prisma.raw(sortJoins[sortColumn])} ${innerFigures}
        ${where}
        ${orderClause(query.sort, innerSortColumns, "p.id")}
        OFFSET ${query.offset} LIMIT ${query.limit}
      )
      SELECT page."placementId", a."accountNumber", c."customerRef", a."debtorName", a.product, ag.code AS "agencyCode",
             page."placedAt", page."recalledAt", page."placedBalance", page.currency, page."dpdAtPlacement",
             figures.collected, figures."lastContactAt", figures.violations
      FROM page JOIN "Account" a ON a.id = page."accountId" JOIN "Customer" c ON c.id = a."customerId" JOIN "Agency" ag ON ag.id = page."agencyId"
      CROSS JOIN LATERAL (${figuresOf("page")}) figures
      ${orderClause(query.sort, pageSortColumns, `page."placementId"`)}`;
}

// A Citus cluster (ADR 049) refuses the single-server shape (a CTE's OFFSET … LIMIT joined LATERAL to correlated
// subqueries over the events and violations). There every figure is a grouped join of Placement with the events or
// violations on the account (the distribution column, so each shard computes its own placements' figures): the page's
// ids are read first (with the figures of every matching placement only when sorting by one), then the page's rows
// with their figures restricted to the page's placements and accounts, put back in the page's order here.
async function readPageOnCluster(query: CaseRowsQuery, where: Prisma.Sql): Promise<RawRow[]> {
  const prisma = getPrisma();
  const inPeriod = periodBounds(query);
  // The figures of the page's placements only (`page`), or of every placement.
  const figureJoins = (page?: { ids: Prisma.Sql; accountIds: Prisma.Sql }) => {
    const onPage = page ? Prisma.sql`fp.id IN (${page.ids}) AND fp."accountId" IN (${page.accountIds})` : Prisma.sql`TRUE`;
    return Prisma.sql`
    LEFT JOIN (
      SELECT fp.id, fp."accountId",
             SUM(e.amount) FILTER (WHERE ${paymentInPlacement(query, "fp", inPeriod)}) AS collected,
             MAX(e."occurredAt") FILTER (WHERE ${outboundContact}) AS "lastContactAt"
      FROM "Placement" fp JOIN "ActivityEvent" e ON e."accountId" = fp."accountId" AND e."agencyId" = fp."agencyId"
      WHERE ${onPage}
      GROUP BY fp."accountId", fp.id
    ) ef ON ef."accountId" = p."accountId" AND ef.id = p.id
    LEFT JOIN (
      SELECT fp.id, fp."accountId", COUNT(*) AS violations
      FROM "Placement" fp JOIN "Violation" v ON v."accountId" = fp."accountId" AND v."agencyId" = fp."agencyId"
      WHERE ${onPage} AND v.status <> 'DISMISSED'${inPeriod(`v."occurredAt"`)}
      GROUP BY fp."accountId", fp.id
    ) vf ON vf."accountId" = p."accountId" AND vf.id = p.id`;
  };
  const sortColumn = query.sort?.column ?? "placedAt";
  const clusterSortColumns: Record<CaseSortColumn, string> = {
    ...innerSortColumns,
    collected: `coalesce(ef.collected, 0)`,
    violations: `coalesce(vf.violations, 0)`,
    lastContactAt: `ef."lastContactAt"`,
  };
  const page = await prisma.$queryRaw<{ id: number; accountId: number }[]>`
    SELECT p.id, p."accountId" FROM "Placement" p ${Prisma.raw(sortJoins[sortColumn])}
    ${figureSortColumns.has(sortColumn) ? figureJoins() : Prisma.empty}
    ${where}
    ${orderClause(query.sort, clusterSortColumns, "p.id")}
    OFFSET ${query.offset} LIMIT ${query.limit}`;
  if (page.length === 0) return [];
  const ids = Prisma.join(page.map((row) => row.id));
  const accountIds = Prisma.join([...new Set(page.map((row) => row.accountId))]);
  const onPage = { ids, accountIds };
  const rows = await prisma.$queryRaw<RawRow[]>`
    SELECT p.id AS "placementId", a."accountNumber", c."customerRef", a."debtorName", a.product, ag.code AS "agencyCode",
           p."placedAt", p."recalledAt", p."placedBalance", p.currency, p."dpdAtPlacement",
           ef.collected, ef."lastContactAt", coalesce(vf.violations, 0) AS violations
    FROM "Placement" p JOIN "Account" a ON a.id = p."accountId" JOIN "Customer" c ON c.id = a."customerId" JOIN "Agency" ag ON ag.id = p."agencyId"
    ${figureJoins(onPage)}
    WHERE p.id IN (${ids}) AND p."accountId" IN (${accountIds})`;
  const byId = new Map(rows.map((row) => [row.placementId, row]));
  return page.flatMap((row) => byId.get(row.id) ?? []);
}

/**
 * The agency filter of the cases grid from the URL's agency codes: AGENCY users always get exactly their own agency
 * (whatever the link asked for); others get the named agencies (an unknown code matches nothing) or all.
 */
export async function caseAgencyFilter(codes: readonly string[], scopedAgencyId: number | undefined): Promise<number[] | undefined> {
  if (scopedAgencyId !== undefined) return [scopedAgencyId];
  if (codes.length === 0) return undefined;
  const agencies = await listAgencyChoices({ codes });
  return agencies.map((agency) => agency.id);
}
