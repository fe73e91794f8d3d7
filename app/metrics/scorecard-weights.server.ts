import { z } from "zod";
import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import { defaultScorecardWeights } from "./metric-formulas";
import type { ScorecardWeights } from "./metric-types";

const SETTING_KEY = "metrics.scorecardWeights";

/** Each weight 0-100 (any scale: they are normalised), at least one above zero. */
export const scorecardWeightsSchema = z
  .object({
    recoveryIndex: z.coerce.number().min(0).max(100),
    violationsPer1000Contacts: z.coerce.number().min(0).max(100),
    complaintsPer1000Accounts: z.coerce.number().min(0).max(100),
    // Weights saved before upheld complaints counted keep their meaning: the new part weighs nothing in them.
    upheldComplaintsPer1000Accounts: z.coerce.number().min(0).max(100).default(0),
    // Weights stored before escalations counted have no such field: they keep the default rather than falling back whole.
    escalatedFindings: z.coerce.number().min(0).max(100).default(defaultScorecardWeights.escalatedFindings),
  })
  .refine((weights) => weights.recoveryIndex + weights.violationsPer1000Contacts + weights.complaintsPer1000Accounts + weights.upheldComplaintsPer1000Accounts > 0, {
    message: "metrics.weights.allZero",
  });

/** The scorecard's weights (Setting "metrics.scorecardWeights"), or the documented defaults 0.45 / 0.25 / 0.15 / 0.15 and 10 points per escalated finding. */
export function getScorecardWeights(): Promise<ScorecardWeights> {
  return readOwnSetting(SETTING_KEY, scorecardWeightsSchema, () => ({ ...defaultScorecardWeights }));
}

/** Validates and stores new weights (ADMIN only: the route checks the permission). Throws ZodError on bad input. */
export function saveScorecardWeights(weights: unknown, userId: number | null): Promise<ScorecardWeights> {
  return writeOwnSetting(SETTING_KEY, scorecardWeightsSchema, weights, userId);
}
