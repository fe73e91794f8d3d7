// The register page's forms as the domain's input: text fields as they are (the domain's schemas trim and check
// them), subcontractors one per line as "name: service".
import { documentTypes, type DocumentType } from "./register-rules";

const profileFields = [
  "country", "legalName", "registrationNumber", "insurer", "insurancePolicy", "insuranceValidTo", "contractStart", "contractEnd",
  "renewalNoticeDays", "dpaSignedOn", "dpaReference", "infosecAttestation", "infosecAttestedOn", "complaintPolicy", "trainingPolicy",
] as const;

const textOf = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export function parseSubcontractorLines(text: string): { name: string; service: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const colon = line.search(/[:：]/);
      return colon < 0 ? { name: line, service: "" } : { name: line.slice(0, colon).trim(), service: line.slice(colon + 1).trim() };
    });
}

export function subcontractorLines(subcontractors: readonly { name: string; service: string }[]): string {
  return subcontractors.map((row) => (row.service ? `${row.name}: ${row.service}` : row.name)).join("\n");
}

export function profileFromForm(form: FormData): Record<string, unknown> {
  return { ...Object.fromEntries(profileFields.map((name) => [name, textOf(form, name)])), subcontractors: parseSubcontractorLines(textOf(form, "subcontractors")) };
}

export function licenceFromForm(form: FormData): Record<string, string> {
  return Object.fromEntries(["number", "issuer", "scope", "validFrom", "validTo"].map((name) => [name, textOf(form, name)]));
}

/** The settings form: one checkbox group per country ("required.CN" = types), plus a new country's code. */
export function requiredDocumentsFromForm(form: FormData, countries: readonly string[]): Record<string, DocumentType[]> {
  const added = textOf(form, "newCountry").trim().toUpperCase();
  const all = [...new Set([...countries, ...(added ? [added] : [])])];
  return Object.fromEntries(all.map((country) => [country, form.getAll(`required.${country}`).filter((value): value is DocumentType => typeof value === "string" && (documentTypes as readonly string[]).includes(value))]));
}
