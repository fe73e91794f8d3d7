// The retention period (ADR 041), a lender setting read and written through the one validate-or-fall-back path.
import { logAccess } from "~/audit/log-access.server";
import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import { defaultRetentionPolicy, RETENTION_SETTING_KEY, retentionPolicySchema, type RetentionPolicy } from "./retention-policy";

export async function getRetentionPolicy(): Promise<RetentionPolicy> {
  return readOwnSetting(RETENTION_SETTING_KEY, retentionPolicySchema, defaultRetentionPolicy);
}

/** Throws ZodError when the period is refused (under three years: Regulation F). */
export async function setRetentionPolicy(policy: RetentionPolicy, userId: number | null, request?: Request): Promise<RetentionPolicy> {
  const before = await getRetentionPolicy();
  const saved = await writeOwnSetting(RETENTION_SETTING_KEY, retentionPolicySchema, policy, userId);
  await logAccess({ userId, action: "RETENTION_CHANGED", resourceType: "Setting", resourceId: RETENTION_SETTING_KEY, detail: { fromYears: before.years, toYears: saved.years }, request });
  return saved;
}
