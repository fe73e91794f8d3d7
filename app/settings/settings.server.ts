import { z } from "zod";
import { getPrisma } from "~/db/client.server";
import { isValidTimeZone } from "~/agencies/agency-input";

// Lender-wide settings with their defaults: one schema per key so a bad stored value fails loudly, not later.
const settingSchemas = {
  "imports.defaultCurrency": z.string().regex(/^[A-Z]{3}$/),
  "lender.timeZone": z.string().refine(isValidTimeZone),
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
}
