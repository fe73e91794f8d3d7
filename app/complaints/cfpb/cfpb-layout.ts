// The US CFPB's public Consumer Complaint Database as a built-in complaint layout (ADR 035). Pure: header names in
// the official form ("Date received", "Sub-issue", "Complaint ID") and the snake_case form of the circulated copies
// and the search API ("date_received", "sub_issue", "complaint_what_happened"), dates as MM/DD/YYYY or YYYY-MM-DD (or
// an ISO timestamp), the 2013–2017 and the current issue taxonomy, companies matched to agencies by name or alias.
import { importMessage, type ImportMessage } from "~/ingest/rows/import-message";

/** The layout's fields, each with the header forms it is recognised by (compared after `headerKey`). */
export const cfpbFields = {
  dateReceived: ["date_received"],
  product: ["product"],
  subProduct: ["sub_product"],
  issue: ["issue"],
  subIssue: ["sub_issue"],
  narrative: ["consumer_complaint_narrative", "complaint_what_happened"],
  companyPublicResponse: ["company_public_response"],
  company: ["company"],
  state: ["state"],
  zipCode: ["zip_code"],
  tags: ["tags"],
  consumerConsent: ["consumer_consent_provided"],
  submittedVia: ["submitted_via"],
  dateSentToCompany: ["date_sent_to_company"],
  companyResponse: ["company_response_to_consumer", "company_response"],
  timelyResponse: ["timely_response", "timely"],
  consumerDisputed: ["consumer_disputed"],
  complaintId: ["complaint_id"],
} as const;
export type CfpbField = keyof typeof cfpbFields;

const requiredFields: readonly CfpbField[] = ["complaintId", "dateReceived", "product", "issue", "company"];

/** "Sub-issue", "sub_issue", "Consumer consent provided?" → "sub_issue", "consumer_consent_provided". */
export function headerKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export type CfpbHeader = { ok: true; columns: Partial<Record<CfpbField, string>> } | { ok: false; errors: ImportMessage[] };

/** Which of the file's columns holds each field; the required ones missing are an error naming them in the official form. */
export function matchCfpbHeader(headers: readonly string[]): CfpbHeader {
  const columns: Partial<Record<CfpbField, string>> = {};
  for (const header of headers) {
    const key = headerKey(header);
    const field = (Object.keys(cfpbFields) as CfpbField[]).find((name) => (cfpbFields[name] as readonly string[]).includes(key));
    if (field && columns[field] === undefined) columns[field] = header;
  }
  const missing = requiredFields.filter((field) => columns[field] === undefined);
  if (missing.length === 0) return { ok: true, columns };
  return {
    ok: false,
    errors: [
      importMessage(missing.length === 1 ? "importHeader.missingRequired" : "importHeader.missingRequiredMany", {
        required: missing.map((field) => officialHeaders[field]).join(", "),
        found: headers.join(", "),
      }),
    ],
  };
}

/** The official header of each field, as the CFPB's CSV export writes it. */
export const officialHeaders: Record<CfpbField, string> = {
  dateReceived: "Date received",
  product: "Product",
  subProduct: "Sub-product",
  issue: "Issue",
  subIssue: "Sub-issue",
  narrative: "Consumer complaint narrative",
  companyPublicResponse: "Company public response",
  company: "Company",
  state: "State",
  zipCode: "ZIP code",
  tags: "Tags",
  consumerConsent: "Consumer consent provided?",
  submittedVia: "Submitted via",
  dateSentToCompany: "Date sent to company",
  companyResponse: "Company response to consumer",
  timelyResponse: "Timely response?",
  consumerDisputed: "Consumer disputed?",
  complaintId: "Complaint ID",
};

/** MM/DD/YYYY, YYYY-MM-DD or an ISO timestamp (the API's "2023-04-05T12:00:00-05:00") → YYYY-MM-DD, or null. */
export function parseCfpbDate(value: string): string | null {
  const text = value.trim();
  let year: number;
  let month: number;
  let day: number;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (us) [month, day, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** "Yes"/"No" (and the API's true/false) → boolean; anything else (N/A, blank) → null. */
export function parseYesNo(value: string | undefined): boolean | null {
  const text = value?.trim().toLowerCase();
  if (text === "yes" || text === "true") return true;
  if (text === "no" || text === "false") return false;
  return null;
}

/** Debt collection in both taxonomies ("Debt collection"); every other product is skipped and counted. */
export function isDebtCollection(product: string): boolean {
  return headerKey(product) === "debt_collection";
}

/**
 * The 2013–2017 debt-collection issues that the current taxonomy renamed, and their current names, so an agency's
 * history by issue reads across the change ("Communication tactics" and "False statements or representation" kept
 * their names). Issues not listed are kept as published.
 */
const renamedOldIssues: Record<string, string> = {
  "cont'd attempts collect debt not owed": "Attempts to collect debt not owed",
  "disclosure verification of debt": "Written notification about debt",
  "improper contact or sharing of info": "Threatened to contact someone or share information improperly",
  "taking/threatening an illegal action": "Took or threatened to take negative or legal action",
};

export function currentIssue(issue: string): { issue: string; taxonomy: "2013-2017" | "current" } {
  const renamed = renamedOldIssues[issue.trim().toLowerCase().replace(/\s+/g, " ")];
  return renamed === undefined ? { issue: issue.trim(), taxonomy: "current" } : { issue: renamed, taxonomy: "2013-2017" };
}

/** "Closed with monetary relief", "Closed with non-monetary relief" and the old "Closed with relief". */
export function closedWithRelief(companyResponse: string | null): boolean | null {
  if (companyResponse === null) return null;
  const text = companyResponse.trim().toLowerCase();
  if (!text.startsWith("closed")) return null;
  return text.includes("relief") && !text.includes("without relief");
}

/** Company names compared without case, punctuation or the usual legal suffixes: "Encore Capital Group, Inc." = "ENCORE CAPITAL GROUP". */
export function companyKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, " ")
    .replace(/\b(inc|incorporated|llc|l l c|ltd|limited|corp|corporation|co|company|lp|llp|plc|na)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export type AgencyNames = { id: number; code: string; name: string; aliases: readonly string[] };

/** Company key → agency id, from each agency's name and aliases; a key two agencies share names neither. */
export function agencyNameIndex(agencies: readonly AgencyNames[]): Map<string, number | null> {
  const index = new Map<string, number | null>();
  for (const agency of agencies) {
    for (const name of new Set([agency.name, ...agency.aliases].map(companyKey).filter((key) => key !== ""))) {
      const earlier = index.get(name);
      index.set(name, earlier === undefined || earlier === agency.id ? agency.id : null);
    }
  }
  return index;
}

/** What the import keeps of a public complaint (Complaint.regulatorRecord). */
export type CfpbRecord = {
  complaintId: string;
  product: string;
  subProduct: string | null;
  /** The issue in the current taxonomy; `issueAsPublished` when it was an old one. */
  issue: string;
  issueAsPublished: string;
  taxonomy: "2013-2017" | "current";
  subIssue: string | null;
  company: string;
  companyPublicResponse: string | null;
  state: string | null;
  zipCode: string | null;
  tags: string | null;
  consumerConsent: string | null;
  submittedVia: string | null;
  dateSentToCompany: string | null;
  companyResponse: string | null;
  timelyResponse: boolean | null;
  consumerDisputed: boolean | null;
};

export type CfpbComplaintRow = {
  /** "CFPB-" + the complaint id: a resend is recognised by it. */
  complaintRef: string;
  agencyId: number;
  /** YYYY-MM-DD. */
  dateReceived: string;
  /** The sub-issue when there is one (the finer category the rule table maps), else the issue. */
  category: string;
  narrative: string | null;
  record: CfpbRecord;
};

export type CfpbRowResult =
  | { disposition: "accepted"; row: CfpbComplaintRow }
  | { disposition: "skipped" }
  | { disposition: "otherCompany" }
  | { disposition: "rejected"; field: string; errors: ImportMessage[] };

/** One row of the file, by its columns' values as read. */
export function readCfpbRow(values: Record<string, string>, columns: Partial<Record<CfpbField, string>>, agencies: Map<string, number | null>): CfpbRowResult {
  const get = (field: CfpbField): string | null => {
    const column = columns[field];
    const value = column === undefined ? undefined : values[column]?.trim();
    return value === undefined || value === "" ? null : value;
  };
  const product = get("product");
  if (product !== null && !isDebtCollection(product)) return { disposition: "skipped" };
  const company = get("company");
  const agencyId = company === null ? undefined : agencies.get(companyKey(company));
  if (product !== null && company !== null && (agencyId === undefined || agencyId === null)) return { disposition: "otherCompany" };

  const errors: { field: CfpbField; message: ImportMessage }[] = [];
  const required = (field: CfpbField) => {
    const value = get(field);
    if (value === null) errors.push({ field, message: importMessage("importRow.required", { field: officialHeaders[field] }) });
    return value;
  };
  const complaintId = required("complaintId");
  if (complaintId !== null && !/^\d{1,20}$/.test(complaintId)) errors.push({ field: "complaintId", message: importMessage("importRow.cfpbComplaintId", { value: complaintId }) });
  const received = required("dateReceived");
  const dateReceived = received === null ? null : parseCfpbDate(received);
  if (received !== null && dateReceived === null) errors.push({ field: "dateReceived", message: importMessage("importRow.invalidDate", { field: officialHeaders.dateReceived, value: received }) });
  const issue = required("issue");
  required("product");
  required("company");
  const sent = get("dateSentToCompany");
  const dateSentToCompany = sent === null ? null : parseCfpbDate(sent);
  if (sent !== null && dateSentToCompany === null) errors.push({ field: "dateSentToCompany", message: importMessage("importRow.invalidDate", { field: officialHeaders.dateSentToCompany, value: sent }) });
  if (errors.length > 0 || complaintId === null || dateReceived === null || issue === null || product === null || company === null || typeof agencyId !== "number") {
    return { disposition: "rejected", field: columns[errors[0]?.field ?? "complaintId"] ?? officialHeaders[errors[0]?.field ?? "complaintId"], errors: errors.map((error) => error.message) };
  }
  const { issue: current, taxonomy } = currentIssue(issue);
  const subIssue = get("subIssue");
  return {
    disposition: "accepted",
    row: {
      complaintRef: `CFPB-${complaintId}`,
      agencyId,
      dateReceived,
      category: subIssue ?? issue,
      narrative: get("narrative"),
      record: {
        complaintId,
        product,
        subProduct: get("subProduct"),
        issue: current,
        issueAsPublished: issue,
        taxonomy,
        subIssue,
        company,
        companyPublicResponse: get("companyPublicResponse"),
        state: get("state"),
        zipCode: get("zipCode"),
        tags: get("tags"),
        consumerConsent: get("consumerConsent"),
        submittedVia: get("submittedVia"),
        dateSentToCompany,
        companyResponse: get("companyResponse"),
        timelyResponse: parseYesNo(get("timelyResponse") ?? undefined),
        consumerDisputed: parseYesNo(get("consumerDisputed") ?? undefined),
      },
    },
  };
}
