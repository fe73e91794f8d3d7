// The agency register's pure rules (ADR 030): document types, required types per country, which expiry reminder is
// due on a day, and whether an agency lacks a required valid document. Tested with tables beside it.
import { z } from "zod";
import { daysUntil } from "~/findings/finding-dates";

export const agencyStatuses = ["APPROVED", "PROBATION", "SUSPENDED", "TERMINATED"] as const;
export type AgencyStatusCode = (typeof agencyStatuses)[number];

/** Statuses under which the lender's placements file is refused for the agency. */
export const placementRefusingStatuses = ["SUSPENDED", "TERMINATED"] as const satisfies readonly AgencyStatusCode[];

export const documentTypes = [
  "BUSINESS_LICENCE",
  "COLLECTION_LICENCE",
  "INSURANCE",
  "CONTRACT",
  "DPA",
  "INFOSEC_ATTESTATION",
  "COMPLAINT_POLICY",
  "TRAINING_POLICY",
  "SUBCONTRACTOR_LIST",
  "OTHER",
] as const;
export type DocumentType = (typeof documentTypes)[number];
export const documentTypeSchema = z.enum(documentTypes);

export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/);

/** Setting `agencyRegister.requiredDocuments`: per ISO country, the types every agency there must hold valid. */
export const requiredDocumentsSchema = z.record(countryCodeSchema, z.array(documentTypeSchema).max(documentTypes.length));
export type RequiredDocuments = z.output<typeof requiredDocumentsSchema>;

export const defaultRequiredDocuments: RequiredDocuments = {
  // PIPL Art. 21 (entrusted processing) needs the DPA; the business licence is the registration itself.
  CN: ["BUSINESS_LICENCE", "CONTRACT", "DPA", "INFOSEC_ATTESTATION"],
  // CFPB Bulletin 2012-03: licences, contract terms, policies and training.
  US: ["COLLECTION_LICENCE", "INSURANCE", "CONTRACT", "COMPLAINT_POLICY", "TRAINING_POLICY"],
};

/** An agency's country: its profile's, else the one its rule-pack family stands for. */
export function agencyCountry(profileCountry: string | null | undefined, rulePackCode: string | null, defaultPackCode: string): string {
  if (profileCountry) return profileCountry;
  return (rulePackCode ?? defaultPackCode).toUpperCase();
}

/** Days from `today` to an expiry day (0 on the day, negative once passed). */
export const daysUntilExpiry = daysUntil;

/** Days before an expiry on which vendor managers and compliance are reminded; 0 is the day itself. */
export const reminderStages = [60, 30, 7, 0] as const;
export type ReminderStage = (typeof reminderStages)[number];

/**
 * The reminder due today for something expiring on `expiresOn`: the nearest stage not yet passed. A day the job did
 * not run is caught up with the stage that applies now only (45 days left → the 60-day reminder; 20 left → the
 * 30-day one, the 60-day one skipped). Nothing once expired.
 */
export function dueReminderStage(expiresOn: string, today: string): ReminderStage | null {
  const left = daysUntil(today, expiresOn);
  if (left < 0) return null;
  let due: ReminderStage | null = null;
  for (const stage of reminderStages) if (left <= stage) due = stage;
  return due;
}

export type HeldDocument = { type: string; validFrom: string | null; expiresOn: string | null };

/** A document counts on `today` when it has started and not expired (it is valid through its expiry day). */
export function isDocumentValid(document: HeldDocument, today: string): boolean {
  if (document.validFrom !== null && document.validFrom > today) return false;
  return document.expiresOn === null || document.expiresOn >= today;
}

/** Required types without a valid current document: non-empty means "action required". */
export function missingRequiredDocuments(current: readonly HeldDocument[], required: readonly string[], today: string): string[] {
  return required.filter((type) => !current.some((document) => document.type === type && isDocumentValid(document, today)));
}

export type PlacementAgencyNotice = { agencyCode: string; status: "PROBATION" | "SUSPENDED" | "TERMINATED"; rows: number };

/**
 * What a placements file's preview says about the agencies it places accounts with (ADR 030): one notice per agency
 * on PROBATION (a warning; the rows are imported) or SUSPENDED/TERMINATED (the rows will be refused), with the number
 * of rows. `rowsPerAgency` is keyed by the agency code as the file writes it, upper-cased; unknown codes are the
 * row check's business.
 */
export function placementAgencyNotices(rowsPerAgency: Readonly<Record<string, number>>, statusOf: ReadonlyMap<string, AgencyStatusCode>): PlacementAgencyNotice[] {
  const notices: PlacementAgencyNotice[] = [];
  for (const [agencyCode, rows] of Object.entries(rowsPerAgency)) {
    const status = statusOf.get(agencyCode);
    if (status === undefined || status === "APPROVED" || rows === 0) continue;
    notices.push({ agencyCode, status, rows });
  }
  // Refusals first: they lose rows; then warnings; each by code.
  const order = { SUSPENDED: 0, TERMINATED: 0, PROBATION: 1 } as const;
  return notices.sort((a, b) => order[a.status] - order[b.status] || a.agencyCode.localeCompare(b.agencyCode));
}
