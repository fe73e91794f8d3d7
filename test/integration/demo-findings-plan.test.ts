import { expect, test } from "vitest";
import { createAgency } from "~/demo/factories.server";
import { planImprovement } from "~/demo/demo-findings.server";
import { createRuleTestCustomer, insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// The demo's closed finding needs only a few violations: a month with some, and a verification window after a fix
// date that has none (ANCHOR, the clean agency, has a handful at most).
test("a plan from a few violations: the first fix date whose window holds none of them", async () => {
  await ensureDefaultRulePacks();
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
  const agencyId = await createAgency({ code: `DFP${suffix}`, name: "Few violations" });
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-01-01" }] });
  const accountId = customer.accounts[0]!.accountId;
  // Daytime calls every week (the contacts a rate needs), two late calls in March and one on 20 April.
  const events: FactoryEvent[] = Array.from({ length: 20 }, (_, week) => ({ agencyId, accountId, occurredAt: new Date(Date.parse("2026-02-02T02:00:00Z") + week * 7 * 86_400_000).toISOString(), agentExternalId: "DF1" }));
  for (const late of ["2026-03-05T22:10:00+08:00", "2026-03-12T22:10:00+08:00", "2026-04-20T22:10:00+08:00"]) events.push({ agencyId, accountId, occurredAt: late, agentExternalId: "DF1" });
  await insertActivityEvents(events);
  await evaluateRulesForAccounts({ accountIds: [accountId] });
  await refreshRollupsForAccounts([accountId]);

  const window = { from: "2026-01-01", to: "2026-06-30" };
  // March (two) before April (one); the window after a fix on 10 April would hold 20 April's: the fix moves to that day.
  expect(await planImprovement(agencyId, window, "2026-07-15", 30)).toEqual({ rule: "CONTACT_HOURS", period: "2026-03", issuedOn: "2026-04-03", fixDate: "2026-04-20", judgedOn: "2026-05-21" });
  // Judged only once the window has passed, inside the data: too early a today leaves no plan.
  expect(await planImprovement(agencyId, window, "2026-05-01", 30)).toBeNull();
});
