// Changes to what judges the agencies, as the pages make them: each one is logged and requests a full
// re-evaluation, so stored violations follow the rules in force. Shared by the rules pages and Settings → Agencies.
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { RulePackAdminError, assignRulePack, getDefaultPackCode, publishRulePack, saveRulePackDraft, setDefaultPackCode, type RulePackVersion } from "./rule-packs.server";
import { requestFullReevaluation, type RuleEvaluationRunSummary } from "./rule-evaluation-runs.server";

export type RulePackChangeResult =
  | { ok: true; changed: boolean; run: RuleEvaluationRunSummary | null }
  | { ok: false; reason: RulePackAdminError["reason"] | "INVALID_FORM"; message: string };

const assignmentFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("setDefaultPack"), packCode: z.string().trim().min(1).max(32) }),
  z.object({ intent: z.literal("assignPack"), agencyCode: z.string().trim().min(1).max(64), packCode: z.string().trim().min(1).max(32) }),
]);

export function isAssignmentIntent(intent: unknown): boolean {
  return intent === "setDefaultPack" || intent === "assignPack";
}

/**
 * Applies the assignment forms ("setDefaultPack" with packCode; "assignPack" with agencyCode and packCode, where
 * "default" means the lender's default). A change that changes nothing requests no run.
 */
export async function applyRulePackAssignmentForm(form: Record<string, unknown>, options: { userId: number; request?: Request }): Promise<RulePackChangeResult> {
  const parsed = assignmentFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, reason: "INVALID_FORM", message: parsed.error.message };
  try {
    if (parsed.data.intent === "setDefaultPack") {
      const previous = await getDefaultPackCode();
      if (previous === parsed.data.packCode) return { ok: true, changed: false, run: null };
      await setDefaultPackCode(parsed.data.packCode, options.userId);
      await logAccess({
        userId: options.userId,
        action: "RULE_PACK_ASSIGNED",
        resourceType: "Setting",
        resourceId: "rules.defaultPackCode",
        detail: { from: previous, to: parsed.data.packCode },
        request: options.request,
      });
      const { run } = await requestFullReevaluation({ reason: `RULE_PACK_DEFAULT ${parsed.data.packCode}`, userId: options.userId });
      return { ok: true, changed: true, run };
    }
    const packCode = parsed.data.packCode === "default" ? null : parsed.data.packCode;
    const result = await assignRulePack(parsed.data.agencyCode, packCode, { userId: options.userId, request: options.request });
    if (result.previousPackCode === result.packCode) return { ok: true, changed: false, run: null };
    const { run } = await requestFullReevaluation({ reason: `RULE_PACK_ASSIGNED ${result.agencyCode} ${result.packCode ?? "default"}`, userId: options.userId });
    return { ok: true, changed: true, run };
  } catch (error) {
    if (error instanceof RulePackAdminError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

/** Saves the editor's parameters as the draft, publishes it with the note, and requests the full re-evaluation. */
export async function publishRulePackFromEditor(input: {
  code: string;
  parameters: unknown;
  changeNote: string;
  userId: number;
}): Promise<{ version: RulePackVersion; run: RuleEvaluationRunSummary }> {
  const draft = await saveRulePackDraft({ code: input.code, parameters: input.parameters, changeNote: input.changeNote, userId: input.userId });
  const version = await publishRulePack(draft.id, input.userId, { changeNote: input.changeNote });
  const { run } = await requestFullReevaluation({ reason: `RULE_PACK_PUBLISHED ${version.code} v${version.version}`, userId: input.userId });
  return { version, run };
}
