// The data-health settings (Settings → Data health): when an agency's daily activity file is due, how long a placed
// account may wait for its first contact, how far back a payment looks for a contact, and the volume baseline's
// width and control limits. Per agency: whether a daily feed is expected at all and from which day its arrival
// times are judged (history loaded before a feed went live arrives late by construction). Pure.
import { z } from "zod";

export const DATA_HEALTH_SETTING = "dataHealth.settings";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.invalidFormat");

export const agencyFeedSchema = z.object({
  code: z.string().trim().min(1).max(40),
  /** False: the agency sends no daily file (monthly or irregular); its days are not judged for arrival. */
  expectsDailyFeed: z.boolean(),
  /** Arrival times are judged from this day on (the feed's go-live); null: always. Missing days are judged regardless. */
  arrivalTrackedFrom: day.nullable(),
});
export type AgencyFeedSetting = z.infer<typeof agencyFeedSchema>;

export const dataHealthSettingsSchema = z.object({
  /** Local time (agency's zone) by which the file for a business day must arrive, on the next business day. */
  feedDeadline: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.invalidFormat"),
  /** Days after placement within which a placed account must see a first contact attempt. */
  unworkedDays: z.coerce.number().int().min(1).max(180),
  /** Days before a PAYMENT event searched for a contact by the same agency. */
  paymentNoContactDays: z.coerce.number().int().min(1).max(365),
  /** Weeks of trailing baseline for the volume figures. */
  baselineWeeks: z.coerce.number().int().min(4).max(26),
  /** Control limits: the baseline mean ± this many standard deviations. */
  controlSigma: z.coerce.number().min(1).max(6),
  agencies: z
    .array(agencyFeedSchema)
    .max(500)
    .refine((rows) => new Set(rows.map((row) => row.code.toUpperCase())).size === rows.length, { message: "validation.duplicate" }),
});
export type DataHealthSettings = z.infer<typeof dataHealthSettingsSchema>;

export const defaultDataHealthSettings = (): DataHealthSettings => ({
  feedDeadline: "10:00",
  unworkedDays: 14,
  paymentNoContactDays: 60,
  baselineWeeks: 8,
  controlSigma: 3,
  agencies: [],
});

/** The feed expected of one agency: its own row, or a daily feed judged since always. */
export function feedSettingOf(settings: DataHealthSettings, code: string): AgencyFeedSetting {
  return settings.agencies.find((row) => row.code.toUpperCase() === code.toUpperCase()) ?? { code, expectsDailyFeed: true, arrivalTrackedFrom: null };
}

/** The Settings form as the setting (validated by the schema when stored): one row per agency listed in the form. */
export function formToDataHealthSettings(form: FormData): unknown {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  return {
    feedDeadline: text("feedDeadline").slice(0, 5),
    unworkedDays: text("unworkedDays"),
    paymentNoContactDays: text("paymentNoContactDays"),
    baselineWeeks: text("baselineWeeks"),
    controlSigma: text("controlSigma"),
    agencies: form.getAll("agencyCode").map((value) => {
      const code = String(value);
      return { code, expectsDailyFeed: form.get(`daily:${code}`) !== null, arrivalTrackedFrom: text(`trackedFrom:${code}`) || null };
    }),
  };
}
