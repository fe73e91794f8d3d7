// The manual complaint form's fields, validated with zod; message keys are "validation.*" so errors render in the
// reader's language (see ~/i18n/validation).
import { z } from "zod";
import { ComplaintSource, Severity } from "~/generated/prisma/enums";

const optionalTrimmed = (max: number) => z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined), z.string().max(max).optional());

export const complaintInputSchema = z.object({
  complaintRef: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined),
    z.string().max(64).regex(/^[\p{L}\p{N}._\-/]+$/u, "validation.invalidFormat").optional(),
  ),
  accountNumber: optionalTrimmed(100),
  agencyId: z.preprocess((value) => (value === "" || value == null ? undefined : value), z.coerce.number().int().positive().optional()),
  agentExternalId: optionalTrimmed(64),
  /** Local wall-clock time from a datetime-local input, read in the agency's (or account's) time zone. */
  receivedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "validation.invalidFormat"),
  source: z.enum(ComplaintSource),
  category: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((value) => value.toUpperCase().replace(/\s+/g, "_")),
  severity: z.enum(Severity),
  description: optionalTrimmed(4000),
  phoneNumber: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined),
    z
      .string()
      .regex(/^\+?[\d\s\-()]{5,24}$/, "validation.complaintPhone")
      .transform((value) => `${value.startsWith("+") ? "+" : ""}${value.replace(/\D/g, "")}`)
      .optional(),
  ),
});

export type ComplaintInput = z.infer<typeof complaintInputSchema>;
