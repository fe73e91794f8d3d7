// A rule pack is the data half of the rules: which rules are on, how severe a breach is, and every threshold,
// window and lexicon. The code half lives in ./rules and never hard-codes a figure, because the sources disagree
// and change (see docs/domain/DOMAIN.md): compliance edits a new pack version instead of waiting for a release.
import { z } from "zod";
import { RULE_CODES, ruleDefinitions, type RuleCode, type RuleDefinitions } from "./rules";
import { PACK_FAMILIES, type PackFamily } from "./rules/parameters";

export { RULE_CODES, type RuleCode };

type RuleParametersSchemas = { [C in RuleCode]: RuleDefinitions[C]["parameters"] };

/** Each rule's own schema (declared in its file under ./rules), by code. */
export const ruleParametersSchemas = Object.fromEntries(RULE_CODES.map((code) => [code, ruleDefinitions[code].parameters])) as RuleParametersSchemas;

export type RuleParametersByCode = { [C in RuleCode]: z.infer<RuleParametersSchemas[C]> };

/**
 * Rule code → parameters. A rule absent from a pack is off: published versions are immutable, so a rule added to
 * the code later must not silently start judging under an old version.
 */
export const rulePackParametersSchema = z.strictObject(
  Object.fromEntries(RULE_CODES.map((code) => [code, ruleParametersSchemas[code].optional()])) as {
    [C in RuleCode]: z.ZodOptional<(typeof ruleParametersSchemas)[C]>;
  },
);

export type RulePackParameters = z.infer<typeof rulePackParametersSchema>;

export interface RulePackIssue {
  /** Dotted path inside the parameters, e.g. "CONTACT_HOURS.end". */
  path: string;
  message: string;
}

export class RulePackError extends Error {
  override readonly name = "RulePackError";
  constructor(readonly issues: RulePackIssue[]) {
    super(`Invalid rule pack parameters: ${issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`);
  }
}

export type RulePackParseResult = { success: true; data: RulePackParameters } | { success: false; issues: RulePackIssue[] };

/** For editors: every problem at once, with paths, instead of an exception. Accepts a JSON string or a value. */
export function safeParseRulePackParameters(json: unknown): RulePackParseResult {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      return { success: false, issues: [{ path: "", message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = rulePackParametersSchema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}

/** Reads RulePack.parameters (a JSON value or its text); throws RulePackError listing every problem. */
export function parseRulePackParameters(json: unknown): RulePackParameters {
  const result = safeParseRulePackParameters(json);
  if (!result.success) throw new RulePackError(result.issues);
  return result.data;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function defaultPackOf(family: PackFamily): RuleParametersByCode {
  return deepFreeze(Object.fromEntries(RULE_CODES.map((code) => [code, ruleDefinitions[code].defaults[family]])) as RuleParametersByCode);
}

/** China: GB/T 45251-2025 as summarised by NIFA, and the China Banking Association guideline (2026 trial). */
export const chinaPack: RuleParametersByCode = defaultPackOf("cn");

/** US: Regulation F (12 CFR 1006) with its official commentary. */
export const usRegFPack: RuleParametersByCode = defaultPackOf("us");

export const defaultRulePacks = { cn: chinaPack, us: usRegFPack } as const satisfies Record<PackFamily, RulePackParameters>;

// A family added to PACK_FAMILIES must get its pack here too.
PACK_FAMILIES satisfies readonly (keyof typeof defaultRulePacks)[];
