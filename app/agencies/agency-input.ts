import { z } from "zod";

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const optionalDate = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .pipe(z.iso.date({ message: "must be a date in YYYY-MM-DD form" }).optional())
  .optional();

/** What Settings and `oversight agency upsert` accept: one schema so both give the same errors. */
export const agencyInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(2, "code must be at least 2 characters")
      .max(32, "code must be at most 32 characters")
      .regex(/^[A-Za-z0-9_-]+$/, "code may contain only letters, digits, '-' and '_'")
      .transform((code) => code.toUpperCase()),
    name: z.string().trim().min(1, "name is required").max(200),
    timeZone: z.string().trim().refine(isValidTimeZone, { message: "is not an IANA time zone such as Asia/Shanghai or America/New_York" }),
    commissionRate: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,4})?$/, "commission rate must be a decimal such as 0.18")
      .refine((value) => Number(value) <= 1, "commission rate is a fraction of collections and cannot exceed 1"),
    contractStart: optionalDate,
    contractEnd: optionalDate,
    active: z.boolean().default(true),
  })
  .refine((agency) => !agency.contractStart || !agency.contractEnd || agency.contractStart <= agency.contractEnd, {
    message: "contract end must not be before contract start",
    path: ["contractEnd"],
  });

export type AgencyInput = z.output<typeof agencyInputSchema>;
