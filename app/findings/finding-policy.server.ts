import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import { defaultFindingPolicy, findingPolicySchema, type FindingPolicy } from "./finding-policy";

const SETTING_KEY = "findings.policy";

/** The findings policy (Setting "findings.policy"), or the documented defaults. */
export function getFindingPolicy(): Promise<FindingPolicy> {
  return readOwnSetting(SETTING_KEY, findingPolicySchema, () => structuredClone(defaultFindingPolicy));
}

/** Validates and stores a new policy (the route checks findings.policy). Throws ZodError on bad input. */
export function saveFindingPolicy(policy: unknown, userId: number | null): Promise<FindingPolicy> {
  return writeOwnSetting(SETTING_KEY, findingPolicySchema, policy, userId);
}
