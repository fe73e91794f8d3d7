// What the register accepts from a form, the API or the CLI: zod schemas whose issues name the field, and the
// register's error (a code for the HTTP status, a reason key for the reader's language, an English message).
import { z } from "zod";
import { agencyStatuses, countryCodeSchema, documentTypeSchema } from "./register-rules";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "not a calendar date");
const optionalDay = z.preprocess((value) => (value === "" || value === undefined ? null : value), isoDay.nullable());
const text = (max: number) => z.preprocess((value) => (value === undefined || value === null ? "" : value), z.string().trim().max(max));

export const subcontractorSchema = z.object({ name: z.string().trim().min(1).max(200), service: text(200) });

export const profileInputSchema = z
  .object({
    country: z.preprocess((value) => (value === "" || value === undefined ? null : typeof value === "string" ? value.toUpperCase() : value), countryCodeSchema.nullable()),
    legalName: text(300),
    registrationNumber: text(100),
    insurer: text(200),
    insurancePolicy: text(100),
    insuranceValidTo: optionalDay,
    contractStart: optionalDay,
    contractEnd: optionalDay,
    renewalNoticeDays: z.preprocess((value) => (value === "" || value === undefined ? null : value), z.coerce.number().int().min(0).max(730).nullable()),
    dpaSignedOn: optionalDay,
    dpaReference: text(200),
    infosecAttestation: text(500),
    infosecAttestedOn: optionalDay,
    complaintPolicy: text(2000),
    trainingPolicy: text(2000),
    subcontractors: z.array(subcontractorSchema).max(50).default([]),
  })
  .superRefine((profile, context) => {
    if (profile.contractStart && profile.contractEnd && profile.contractEnd < profile.contractStart) {
      context.addIssue({ code: "custom", path: ["contractEnd"], message: `the contract ends (${profile.contractEnd}) before it starts (${profile.contractStart})` });
    }
  });
export type ProfileInput = z.output<typeof profileInputSchema>;

export const licenceInputSchema = z
  .object({
    number: z.string().trim().min(1).max(100),
    issuer: z.string().trim().min(1).max(200),
    scope: text(500),
    validFrom: isoDay,
    validTo: optionalDay,
  })
  .superRefine((licence, context) => {
    if (licence.validTo !== null && licence.validTo < licence.validFrom) {
      context.addIssue({ code: "custom", path: ["validTo"], message: `the licence expires (${licence.validTo}) before it is valid from (${licence.validFrom})` });
    }
  });
export type LicenceInput = z.output<typeof licenceInputSchema>;

export const documentInputSchema = z
  .object({
    type: documentTypeSchema,
    validFrom: optionalDay,
    expiresOn: optionalDay,
    note: text(500),
  })
  .superRefine((document, context) => {
    if (document.validFrom !== null && document.expiresOn !== null && document.expiresOn < document.validFrom) {
      context.addIssue({ code: "custom", path: ["expiresOn"], message: `the document expires (${document.expiresOn}) before it starts (${document.validFrom})` });
    }
  });
export type DocumentInput = z.output<typeof documentInputSchema>;

export const statusChangeSchema = z.object({
  status: z.enum(agencyStatuses),
  reason: z.string().trim().min(3, "say why (at least 3 characters)").max(1000),
});
/** One stored version of a register document as lists, evaluations and the API show it (days as YYYY-MM-DD). */
export type RegisterDocumentVersion = {
  type: string;
  version: number;
  fileName: string;
  sha256: string;
  validFrom: string | null;
  expiresOn: string | null;
};

export type StatusChangeInput = z.output<typeof statusChangeSchema>;

export type RegisterErrorCode = "INVALID" | "NOT_FOUND" | "CONFLICT" | "TOO_LARGE" | "UNSUPPORTED";

export class RegisterError extends Error {
  constructor(
    readonly code: RegisterErrorCode,
    /** A key of the register's messages (register.error.*) or an attachment reason. */
    readonly reason: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "RegisterError";
  }
}

/** The first issue of a failed parse as a RegisterError naming its field. */
export function invalidInput(error: z.ZodError): RegisterError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join(".") || null;
  return new RegisterError("INVALID", "INVALID", `${field ?? "input"}: ${issue.message}`, field);
}
