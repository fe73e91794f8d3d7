// One block of the complaints grid and a capped count (app/grid/), like the violations grid. Complaints are far fewer than
// activity events, but the query still pages in SQL and never loads more than one block.
import type { ComplaintCorroboration, ComplaintOutcome, ComplaintSource, ComplaintStatus, Severity } from "~/generated/prisma/enums";
import type { PersonalDataView } from "~/privacy/mask";
import { freeTextFor, loadCustomerSubjects } from "~/privacy/free-text-subjects.server";
import { getPool } from "~/db/pg.server";
import { countCapped, toGridBlock } from "~/grid/count-capped.server";
import { and, type GridBlock } from "~/grid/grid-query";
import { complaintOrderBy, complaintWhere, type ComplaintFilters, type ComplaintSort } from "./complaint-grid-query";

export type ComplaintGridRow = {
  id: number;
  complaintRef: string;
  receivedAt: string;
  timeZone: string | null;
  source: ComplaintSource;
  category: string;
  severity: Severity;
  status: ComplaintStatus;
  outcome: ComplaintOutcome | null;
  corroboration: ComplaintCorroboration | null;
  agencyCode: string | null;
  agentExternalId: string | null;
  accountNumber: string | null;
  description: string | null;
};

export type ComplaintBlock = GridBlock<ComplaintGridRow>;

const from = `FROM "Complaint" c
  LEFT JOIN "Agency" a ON a.id = c."agencyId"
  LEFT JOIN "Account" acc ON acc.id = c."accountId"
  LEFT JOIN "Agent" agt ON agt.id = c."agentId"`;

/** view "masked": descriptions have the names and numbers they mention masked (roles without personal-data rights). */
export async function queryComplaints(options: {
  filters: ComplaintFilters;
  sort: ComplaintSort;
  startRow: number;
  endRow: number;
  scopeAgencyId?: number;
  timeZone: string;
  view: PersonalDataView;
}): Promise<ComplaintBlock> {
  const { clauses, values } = complaintWhere(options.filters, { agencyId: options.scopeAgencyId, timeZone: options.timeZone });
  const limit = options.endRow - options.startRow;
  const pool = getPool();
  const [page, count] = await Promise.all([
    pool.query<Omit<ComplaintGridRow, "receivedAt"> & { receivedAt: Date; phoneNumber: string | null; customerId: number | null }>(
      `SELECT c.id, c."complaintRef", c."receivedAt", coalesce(acc."timeZone", a."timeZone") AS "timeZone", c.source::text AS source, c.category,
              c.severity::text AS severity, c.status::text AS status, c.outcome::text AS outcome,
              c.corroboration::text AS corroboration, a.code AS "agencyCode", agt."externalId" AS "agentExternalId",
              acc."accountNumber", c.description, c."phoneNumber", acc."customerId"
       ${from} WHERE ${and(clauses)}
       ORDER BY ${complaintOrderBy(options.sort)} OFFSET $${values.length + 1} LIMIT $${values.length + 2}`,
      [...values, options.startRow, limit],
    ),
    options.startRow === 0
      ? countCapped(pool, `SELECT 1 ${from} WHERE ${and(clauses)}`, values)
      : null,
  ]);
  const subjectsByCustomer = options.view === "masked" ? await loadCustomerSubjects(page.rows.flatMap((row) => (row.customerId === null ? [] : [row.customerId]))) : null;
  const rows = page.rows.map(({ phoneNumber, customerId, ...row }): ComplaintGridRow => {
    const known = customerId === null ? undefined : subjectsByCustomer?.get(customerId);
    const subjects = { names: known?.names ?? [], phones: [...(known?.phones ?? []), ...(phoneNumber ? [phoneNumber] : [])] };
    return { ...row, receivedAt: row.receivedAt.toISOString(), description: freeTextFor(options.view, row.description, subjects) };
  });
  return toGridBlock(rows, options, count);
}
