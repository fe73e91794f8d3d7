// The automatic findings policy, run after a month closes (the findings-schedule job on the month's first days,
// `oversight findings run-policy --month YYYY-MM`): each clause of Setting "findings.policy" is checked against
// the metrics module's figures for the month, and what it finds is raised as a DRAFT for compliance to check.
// Every automatic finding has a policy key (clause, agency or agent, month), so a second run raises nothing twice.
import { getPrisma } from "~/db/client.server";
import { getAgentLeague, getViolationsByRule, listMetricAgencies } from "~/metrics/metrics.server";
import { addMonths, lastOfMonth } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";
import { dayInZone } from "./finding-dates";
import { measureFindingRate } from "./finding-evidence.server";
import type { FindingPolicy, PolicyClause } from "./finding-policy";
import { getFindingPolicy } from "./finding-policy.server";
import { raiseFindingByRules, systemActor, type RaiseFindingResult } from "./findings.server";
import { FindingError } from "./finding-types";
import { listReconciliationCandidates, raisePolicyReconciliationFinding } from "~/reconciliation/reconciliation-finding.server";

export type PolicyRunResult = {
  month: string;
  /** Findings raised by this run. */
  raised: (RaiseFindingResult & { clause: PolicyClause["kind"] })[];
  /** Findings an earlier run had already raised (same policy key). */
  alreadyRaised: number;
};

/** The month (YYYY-MM) before the one `now` falls in, in the lender's reporting zone: the last closed month. */
export async function lastClosedMonth(now: Date): Promise<string> {
  const today = dayInZone(now, await getSetting("lender.timeZone"));
  return addMonths(today, -1).slice(0, 7);
}

export async function runFindingPolicy(input: { month: string; now: Date; policy?: FindingPolicy }): Promise<PolicyRunResult> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw new FindingError("INVALID", "INVALID_INPUT", `A month is YYYY-MM, not "${input.month}".`, "month");
  const from = `${input.month}-01`;
  const to = lastOfMonth(from);
  const timeZone = await getSetting("lender.timeZone");
  const today = dayInZone(input.now, timeZone);
  if (today <= to) throw new FindingError("INVALID", "INVALID_INPUT", `${input.month} has not closed yet (today is ${today}): the policy runs on closed months only.`, "month");
  const policy = input.policy ?? (await getFindingPolicy());
  const agencies = (await getPrisma().agency.findMany({ where: { active: true }, select: { id: true } })).map((agency) => agency.id);
  const known = new Set((await listMetricAgencies(agencies)).map((agency) => agency.id));
  const result: PolicyRunResult = { month: input.month, raised: [], alreadyRaised: 0 };

  const raise = async (clause: PolicyClause["kind"], options: (Parameters<typeof raiseFindingByRules>[0] & { policyKey: string }) | (() => Promise<RaiseFindingResult>)) => {
    try {
      const raised = typeof options === "function" ? await options() : await raiseFindingByRules(options, systemActor, input.now);
      if (raised.created) result.raised.push({ ...raised, clause });
      else result.alreadyRaised += 1;
    } catch (error) {
      // The figures said yes but no violation is left to cite (dismissed meanwhile): nothing to raise.
      if (error instanceof FindingError && error.reason === "NO_EVIDENCE") return;
      throw error;
    }
  };

  for (const clause of policy.clauses) {
    if (clause.kind === "RATE_ABOVE") {
      for (const agencyId of agencies.filter((id) => known.has(id))) {
        const measured = await measureFindingRate({ agencyId, agentId: null, ruleCodes: [clause.ruleCode], from, to });
        if (measured.outboundContacts < clause.minOutboundContacts || measured.per1000Contacts === null || measured.per1000Contacts <= clause.per1000Contacts) continue;
        await raise("RATE_ABOVE", {
          agencyId,
          ruleCodes: [clause.ruleCode],
          from,
          to,
          policyDetail: { clause: "RATE_ABOVE", per1000Contacts: measured.per1000Contacts, threshold: clause.per1000Contacts, violations: measured.violations, outboundContacts: measured.outboundContacts },
          policyKey: `RATE_ABOVE:${clause.ruleCode}:${agencyId}:${input.month}`,
        });
      }
    } else if (clause.kind === "ANY_HIGH") {
      const wanted = new Set(clause.ruleCodes);
      for (const agencyId of agencies.filter((id) => known.has(id))) {
        const high = (await getViolationsByRule({ from, to, agencyIds: [agencyId] })).filter((row) => row.severity === "HIGH" && wanted.has(row.ruleCode) && row.count > 0);
        if (high.length === 0) continue;
        const ruleCodes = [...new Set(high.map((row) => row.ruleCode))].sort();
        await raise("ANY_HIGH", {
          agencyId,
          ruleCodes,
          from,
          to,
          severity: "HIGH",
          policyDetail: { clause: "ANY_HIGH", highViolations: high.reduce((sum, row) => sum + row.count, 0) },
          policyKey: `ANY_HIGH:${ruleCodes.join("+")}:${agencyId}:${input.month}`,
        });
      }
    } else if (clause.kind === "NO_MATCHING_LOG_ABOVE") {
      // Complaints received in the month (reporting days) that the agency's own log has no contact for.
      const rows = await getPrisma().$queryRaw<{ agencyId: number; complaints: number; categories: string[] }[]>`
        SELECT c."agencyId", count(*)::int AS complaints, array_agg(DISTINCT c.category ORDER BY c.category) AS categories FROM "Complaint" c
        WHERE c.corroboration = 'NO_MATCHING_LOG' AND c."agencyId" = ANY(${agencies}::int[])
          AND c."receivedAt" >= (${from}::date::timestamp AT TIME ZONE ${timeZone}::text) AND c."receivedAt" < ((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone}::text)
        GROUP BY c."agencyId" ORDER BY c."agencyId"`;
      for (const row of rows.filter((candidate) => candidate.complaints > clause.perMonth)) {
        await raise("NO_MATCHING_LOG_ABOVE", {
          agencyId: row.agencyId,
          complaintCategories: row.categories.slice(0, 32),
          from,
          to,
          policyDetail: { clause: "NO_MATCHING_LOG_ABOVE", complaints: row.complaints, threshold: clause.perMonth },
          policyKey: `NO_MATCHING_LOG:${row.agencyId}:${input.month}`,
        });
      }
    } else if (clause.kind === "UNRECONCILED_ABOVE") {
      // The agencies' exceptions of the month against the lender's ledger (ADR 045): money reported and not received
      // above the amount, or more late remittances than allowed.
      const threshold = { amount: clause.amount, lateRemittances: clause.lateRemittances };
      for (const candidate of await listReconciliationCandidates({ month: input.month, agencyIds: agencies, threshold })) {
        await raise("UNRECONCILED_ABOVE", () => raisePolicyReconciliationFinding(candidate, { month: input.month, threshold }, systemActor, input.now));
      }
    } else {
      const previousFrom = addMonths(from, -1);
      const [current, previous] = await Promise.all([getAgentLeague({ from, to, agencyIds: agencies }), getAgentLeague({ from: previousFrom, to: lastOfMonth(previousFrom), agencyIds: agencies })]);
      const flaggedBefore = new Set(previous.filter((row) => row.violationOutlier).map((row) => row.agentId));
      for (const agent of current.filter((row) => row.violationOutlier && flaggedBefore.has(row.agentId))) {
        const rules = (await getViolationsByRule({ from, to, agencyIds: [agent.agencyId], agentId: agent.agentId })).filter((row) => row.count > 0);
        const ruleCodes = [...new Set(rules.map((row) => row.ruleCode))].sort();
        if (ruleCodes.length === 0) continue;
        await raise("AGENT_OUTLIER_TWO_MONTHS", {
          agencyId: agent.agencyId,
          agentId: agent.agentId,
          ruleCodes,
          from,
          to,
          policyDetail: { clause: "AGENT_OUTLIER_TWO_MONTHS", agentExternalId: agent.externalId, zScore: agent.violationZScore, previousMonth: previousFrom.slice(0, 7) },
          policyKey: `AGENT_OUTLIER:${agent.agentId}:${input.month}`,
        });
      }
    }
  }
  return result;
}
