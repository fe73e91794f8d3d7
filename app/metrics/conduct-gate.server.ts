import { z } from "zod";
import { getPrisma } from "~/db/client.server";
import { defaultConductGate, type ConductGate } from "./conduct-gate";

// Stored like the scorecard weights (its own Setting row), read each time grades are made: grades are never kept,
// so a saved gate applies to the next page, export, CLI run, API call and audit workbook at once.
const SETTING_KEY = "metrics.conductGate";

export const conductGateSchema = z.object({
  enabled: z.boolean(),
  highViolationsPer1000Contacts: z.coerce.number().min(0).max(1000),
  capGrade: z.enum(["A", "B", "C", "D"]),
});

/** The conduct gate (Setting "metrics.conductGate"), or the documented default: capped at D above 5. */
export async function getConductGate(): Promise<ConductGate> {
  const row = await getPrisma().setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { ...defaultConductGate };
  const parsed = conductGateSchema.safeParse(row.value);
  // As for the weights: a stored value that no longer validates is reported, and the default applies.
  if (!parsed.success) {
    console.error(`[metrics] ignoring invalid ${SETTING_KEY}: ${parsed.error.message}`);
    return { ...defaultConductGate };
  }
  return parsed.data;
}

/** Validates and stores the gate (ADMIN only: the route checks the permission). Throws ZodError on bad input. */
export async function saveConductGate(gate: unknown, userId: number | null): Promise<ConductGate> {
  const parsed = conductGateSchema.parse(gate);
  await getPrisma().setting.upsert({
    where: { key: SETTING_KEY },
    create: { key: SETTING_KEY, value: parsed, updatedById: userId },
    update: { value: parsed, updatedById: userId },
  });
  return parsed;
}
