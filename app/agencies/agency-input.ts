import { z } from "zod";
import { isKnownTimeZone } from "~/clock/time-zones";


const optionalDate = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .pipe(z.iso.date({ message: "validation.date" }).optional())
  .optional();

/**
 * Other names of the agency (the regulator's public data names companies as they registered): one per line in the
 * form, one per --alias on the command line; blanks dropped, repeats (ignoring case) kept once. Absent: unchanged.
 */
const aliasesSchema = z
  .preprocess((value) => (typeof value === "string" ? value.split(/\r?\n/) : value), z.array(z.string().trim().max(200, "validation.aliasTooLong")).max(50, "validation.tooManyAliases"))
  .transform((aliases) => {
    const seen = new Set<string>();
    return aliases.filter((alias) => alias !== "" && !seen.has(alias.toLowerCase()) && seen.add(alias.toLowerCase()));
  })
  .optional();

/** What Settings and `oversight agency upsert` accept: one schema so both give the same errors. */
export const agencyInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{2,32}$/, "validation.agencyCode")
      .transform((code) => code.toUpperCase()),
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().trim().refine(isKnownTimeZone, { message: "validation.timeZone" }),
    commissionRate: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,4})?$/, "validation.commissionRate")
      .refine((value) => Number(value) <= 1, "validation.commissionRate"),
    contractStart: optionalDate,
    contractEnd: optionalDate,
    active: z.boolean().default(true),
    aliases: aliasesSchema,
    /** Days after a reported payment within which the agency must remit it (ADR 038). Absent: unchanged (10 for a new agency). */
    remittanceDays: z.preprocess(
      (value) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value.trim())) : value),
      z.number({ message: "validation.remittanceDays" }).int("validation.remittanceDays").min(0, "validation.remittanceDays").max(120, "validation.remittanceDays").optional(),
    ),
  })
  .refine((agency) => !agency.contractStart || !agency.contractEnd || agency.contractStart <= agency.contractEnd, {
    message: "validation.contractEndBeforeStart",
    path: ["contractEnd"],
  });

export type AgencyInput = z.output<typeof agencyInputSchema>;
