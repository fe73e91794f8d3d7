// Complaints as records for files: the CLI (`oversight complaints`) and the complaints grid's export. One record per
// complaint with its agency code, source, category, the rule codes its category maps to now and its corroboration;
// filtered by the grid's own filters (complaint-grid-query.ts) and scoped like the grid; free text masked per view.
import { getPool } from "~/db/pg.server";
import { and } from "~/grid/grid-query";
import type { PersonalDataView } from "~/privacy/mask";
import { freeTextFor, loadCustomerSubjects } from "~/privacy/free-text-subjects.server";
import type { FreeTextSubjects } from "~/privacy/mask-free-text";
import { toCsvLine } from "~/csv/write-csv";
import { complaintWhere, type ComplaintFilters } from "./complaint-grid-query";
import { ruleCodesForCategory } from "./complaint-settings";
import { getCategoryRules } from "./complaint-settings.server";

export type ComplaintRecord = {
  id: number;
  complaintRef: string;
  receivedAt: string;
  agencyCode: string | null;
  source: string;
  category: string;
  ruleCodes: string[];
  corroboration: string | null;
  status: string;
  outcome: string | null;
  rootCause: string | null;
  severity: string;
  accountNumber: string | null;
  description: string | null;
};

/** The most records one export writes (the grid's own filters narrow it). */
export const MAX_COMPLAINT_RECORDS = 100_000;

export async function listComplaintRecords(options: { filters: ComplaintFilters; scopeAgencyId?: number; timeZone: string; view: PersonalDataView }): Promise<ComplaintRecord[]> {
  const { clauses, values } = complaintWhere(options.filters, { agencyId: options.scopeAgencyId, timeZone: options.timeZone });
  const [rules, result] = await Promise.all([
    getCategoryRules(),
    getPool().query<Omit<ComplaintRecord, "ruleCodes" | "receivedAt"> & { receivedAt: Date; phoneNumber: string | null; customerId: number | null }>(
      `SELECT c.id, c."complaintRef", c."receivedAt", a.code AS "agencyCode", c.source::text AS source, c.category, c.corroboration::text AS corroboration,
              c.status::text AS status, c.outcome::text AS outcome, c."rootCause", c.severity::text AS severity, acc."accountNumber", c.description, c."phoneNumber", acc."customerId"
       FROM "Complaint" c LEFT JOIN "Agency" a ON a.id = c."agencyId" LEFT JOIN "Account" acc ON acc.id = c."accountId"
       WHERE ${and(clauses)} ORDER BY c."receivedAt", c.id LIMIT ${MAX_COMPLAINT_RECORDS}`,
      values,
    ),
  ]);
  const customerIds = result.rows.flatMap((row) => (row.customerId === null ? [] : [row.customerId]));
  const subjectsByCustomer = options.view === "masked" ? await loadCustomerSubjects(customerIds) : new Map<number, FreeTextSubjects>();
  return result.rows.map(({ phoneNumber, customerId, ...row }) => {
    const known = customerId === null ? undefined : subjectsByCustomer.get(customerId);
    return {
      ...row,
      receivedAt: row.receivedAt.toISOString(),
      ruleCodes: ruleCodesForCategory(rules, row.category),
      description: freeTextFor(options.view, row.description, { names: known?.names ?? [], phones: [...(known?.phones ?? []), ...(phoneNumber ? [phoneNumber] : [])] }),
    };
  });
}

export const complaintCsvColumns = ["id", "complaint_ref", "received_at", "agency_code", "source", "category", "rule_codes", "corroboration", "status", "outcome", "root_cause", "severity", "account_number", "description"] as const;

export function complaintCsvLine(record: ComplaintRecord): string {
  return toCsvLine([record.id, record.complaintRef, record.receivedAt, record.agencyCode, record.source, record.category, record.ruleCodes.join(";"), record.corroboration, record.status, record.outcome, record.rootCause, record.severity, record.accountNumber, record.description]);
}
