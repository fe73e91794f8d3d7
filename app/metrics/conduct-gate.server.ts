import { z } from "zod";
import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
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
export function getConductGate(): Promise<ConductGate> {
  return readOwnSetting(SETTING_KEY, conductGateSchema, () => ({ ...defaultConductGate }));
}

/** Validates and stores the gate (ADMIN only: the route checks the permission). Throws ZodError on bad input. */
export function saveConductGate(gate: unknown, userId: number | null): Promise<ConductGate> {
  return writeOwnSetting(SETTING_KEY, conductGateSchema, gate, userId);
}
