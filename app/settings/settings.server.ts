import { z } from "zod";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { getPrisma } from "~/db/client.server";
import { isKnownTimeZone } from "~/clock/time-zones";

// Lender-wide settings with their defaults: one schema per key so a bad stored value fails loudly, not later.
const settingSchemas = {
  "imports.defaultCurrency": z.string().regex(/^[A-Z]{3}$/),
  "lender.timeZone": z.string().refine(isKnownTimeZone),
  /** What the metric roll-ups were last built with (written by the roll-up builder itself, inside its transaction). */
  "metrics.rollupState": z.object({ format: z.number().int(), timeZone: z.string() }),
} as const;

type SettingKey = keyof typeof settingSchemas;
type SettingValue<Key extends SettingKey> = z.output<(typeof settingSchemas)[Key]>;

const defaults: { [Key in SettingKey]: SettingValue<Key> } = {
  "imports.defaultCurrency": "CNY",
  "lender.timeZone": "Asia/Shanghai",
  /** Format 0: never built by code that records it. */
  "metrics.rollupState": { format: 0, timeZone: "" },
};

export async function getSetting<Key extends SettingKey>(key: Key): Promise<SettingValue<Key>> {
  const row = await getPrisma().setting.findUnique({ where: { key } });
  if (!row) return defaults[key];
  return settingSchemas[key].parse(row.value) as SettingValue<Key>;
}

export async function setSetting<Key extends SettingKey>(key: Key, value: SettingValue<Key>, userId: number | null): Promise<void> {
  const parsed = settingSchemas[key].parse(value);
  await getPrisma().setting.upsert({ where: { key }, create: { key, value: parsed, updatedById: userId }, update: { value: parsed, updatedById: userId } });
  // Settings shape figures (currency, reporting zone, weights, the conduct gate): the cached ones are old now.
  await advanceDataGeneration("settings");
}

/**
 * A setting with a schema of its own module (scorecard weights, conduct gate): the stored value, or the fallback when
 * there is none. A stored value that no longer validates is not silently replaced: it is reported and the fallback used.
 */
export async function readOwnSetting<T>(key: string, schema: z.ZodType<T>, fallback: () => T): Promise<T> {
  const row = await getPrisma().setting.findUnique({ where: { key } });
  if (!row) return fallback();
  const parsed = schema.safeParse(row.value);
  if (!parsed.success) {
    console.error(`[settings] ignoring invalid ${key}: ${parsed.error.message}`);
    return fallback();
  }
  return parsed.data;
}

/** Validates and stores such a setting (the route checks the permission). Throws ZodError on bad input. */
export async function writeOwnSetting<T>(key: string, schema: z.ZodType<T>, value: unknown, userId: number | null): Promise<T> {
  const parsed = schema.parse(value);
  const stored = parsed as Parameters<ReturnType<typeof getPrisma>["setting"]["upsert"]>[0]["create"]["value"];
  await getPrisma().setting.upsert({ where: { key }, create: { key, value: stored, updatedById: userId }, update: { value: stored, updatedById: userId } });
  await advanceDataGeneration("settings");
  return parsed;
}
