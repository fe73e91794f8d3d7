import { z } from "zod";
import { getPrisma } from "~/db/client.server";
import { defaultScorecardWeights } from "./metric-formulas";
import type { ScorecardWeights } from "./metric-types";

const SETTING_KEY = "metrics.scorecardWeights";

/** Each weight 0-100 (any scale: they are normalised), at least one above zero. */
export const scorecardWeightsSchema = z
  .object({
    recoveryIndex: z.coerce.number().min(0).max(100),
    violationsPer1000Contacts: z.coerce.number().min(0).max(100),
    complaintsPer1000Accounts: z.coerce.number().min(0).max(100),
  })
  .refine((weights) => weights.recoveryIndex + weights.violationsPer1000Contacts + weights.complaintsPer1000Accounts > 0, {
    message: "metrics.weights.allZero",
  });

/** The scorecard's weights (Setting "metrics.scorecardWeights"), or the documented defaults 0.5 / 0.3 / 0.2. */
export async function getScorecardWeights(): Promise<ScorecardWeights> {
  const row = await getPrisma().setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { ...defaultScorecardWeights };
  const parsed = scorecardWeightsSchema.safeParse(row.value);
  // A stored value that no longer validates is not silently replaced: it is reported and the defaults shown.
  if (!parsed.success) {
    console.error(`[metrics] ignoring invalid ${SETTING_KEY}: ${parsed.error.message}`);
    return { ...defaultScorecardWeights };
  }
  return parsed.data;
}

/** Validates and stores new weights (ADMIN only: the route checks the permission). Throws ZodError on bad input. */
export async function saveScorecardWeights(weights: unknown, userId: number | null): Promise<ScorecardWeights> {
  const parsed = scorecardWeightsSchema.parse(weights);
  await getPrisma().setting.upsert({
    where: { key: SETTING_KEY },
    create: { key: SETTING_KEY, value: parsed, updatedById: userId },
    update: { value: parsed, updatedById: userId },
  });
  return parsed;
}
