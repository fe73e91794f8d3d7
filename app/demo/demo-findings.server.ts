// The demo's findings, one in each state a visitor should see, made through the findings domain functions with a
// clock moved through the demo window (never written into the tables directly): BLITZ's contact-hours finding
// escalated for an unanswered response, ANCHOR's closed after a verification that shows the improvement, KINLINK's
// issued and awaiting its answer, CROSSLINE's answered with a plan for compliance to decide, and the automatic
// policy's DRAFTs for the last closed month. Every step notifies as it would in production.
import { getPrisma } from "~/db/client.server";
import { runFindingPolicy, lastClosedMonth } from "~/findings/finding-policy-runner.server";
import { getFindingPolicy } from "~/findings/finding-policy.server";
import type { FindingPolicy } from "~/findings/finding-policy";
import {
  actorFromUser,
  closeFinding,
  decidePlan,
  escalateFinding,
  issueFinding,
  markActionDone,
  raiseFindingByRules,
  refreshVerification,
  respondToFinding,
  startVerification,
  systemActor,
} from "~/findings/findings.server";
import type { FindingActorRef } from "~/findings/finding-types";
import type { FindingStatus } from "~/generated/prisma/enums";
import { addDays, addMonths, lastOfMonth } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";
import { demoUsers } from "./demo-users";

export type DemoFinding = { agencyCode: string; ruleCode: string; findingId: number; status: FindingStatus };
export type DemoFindingsResult = { findings: DemoFinding[]; drafts: number; skipped: string[] };

/** Noon in the lender's default zone (Asia/Shanghai) of a reporting day: the demo's clock ticks in whole days. */
const at = (day: string) => new Date(`${day}T04:00:00Z`);
const monthsBetween = (from: string, to: string) => {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addMonths(`${month}-01`, 1).slice(0, 7)) months.push(month);
  return months;
};

/** Violations of one agency and rule per month of the window (the lender's reporting months). */
async function violationsByMonth(agencyId: number, ruleCode: string, window: { from: string; to: string }): Promise<Map<string, number>> {
  const timeZone = await getSetting("lender.timeZone");
  const rows = await getPrisma().$queryRaw<{ month: string; count: number }[]>`
    SELECT to_char(v."occurredAt" AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, count(*)::int AS count
    FROM "Violation" v WHERE v."agencyId" = ${agencyId} AND v."ruleCode" = ${ruleCode} GROUP BY 1`;
  const counts = new Map(monthsBetween(window.from, window.to).map((month) => [month, 0]));
  for (const row of rows) if (counts.has(row.month)) counts.set(row.month, row.count);
  return counts;
}

/** The agency's rule with the most violations in the window (the demo's scale decides what is there). */
async function busiestRule(agencyId: number, preferred: readonly string[], window: { from: string; to: string }): Promise<string | null> {
  const rows = await getPrisma().violation.groupBy({
    by: ["ruleCode"],
    where: { agencyId, occurredAt: { gte: new Date(`${window.from}T00:00:00Z`), lte: new Date(`${window.to}T23:59:59Z`) } },
    _count: { _all: true },
  });
  const counts = new Map(rows.map((row) => [row.ruleCode, row._count._all]));
  return preferred.find((rule) => (counts.get(rule) ?? 0) > 0) ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The agency's actor: the demo's agency user where there is one, otherwise the agency itself (as its API token acts). */
async function agencyActor(agencyId: number, agencyCode: string): Promise<FindingActorRef> {
  const email = demoUsers.find((user) => user.role === "AGENCY" && user.agencyCode === agencyCode)?.email;
  const user = email ? await getPrisma().user.findUnique({ where: { email }, select: { id: true } }) : null;
  return user ? actorFromUser({ id: user.id, role: "AGENCY", agencyId }) : { role: "AGENCY", userId: null, agencyId };
}

/**
 * Creates the demo findings for the data window (`window`: the portfolio's first and last day) as of `now` (the
 * demo's anchor: the real today for `npm run demo`). Does nothing when findings already exist.
 */
export async function seedDemoFindings(input: { window: { from: string; to: string }; now: Date; log?: (line: string) => void }): Promise<DemoFindingsResult> {
  const log = input.log ?? (() => {});
  const prisma = getPrisma();
  const result: DemoFindingsResult = { findings: [], drafts: 0, skipped: [] };
  if ((await prisma.finding.count()) > 0) {
    log("Findings already exist: the demo findings are not created again.");
    return result;
  }
  const complianceUser = await prisma.user.findUniqueOrThrow({ where: { email: demoUsers.find((user) => user.role === "COMPLIANCE")!.email }, select: { id: true } });
  const compliance = actorFromUser({ id: complianceUser.id, role: "COMPLIANCE", agencyId: null });
  const agencies = new Map((await prisma.agency.findMany({ select: { id: true, code: true } })).map((agency) => [agency.code, agency.id]));
  const today = new Date(input.now).toISOString().slice(0, 10);
  const months = monthsBetween(input.window.from, input.window.to);
  const lastMonth = months.at(-1)!;
  const record = async (agencyCode: string, ruleCode: string, findingId: number) => {
    const finding = await prisma.finding.findUniqueOrThrow({ where: { id: findingId }, select: { status: true } });
    result.findings.push({ agencyCode, ruleCode, findingId, status: finding.status });
    log(`${agencyCode} ${ruleCode}: finding ${findingId} ${finding.status}`);
  };
  const skip = (why: string) => {
    result.skipped.push(why);
    log(`skipped: ${why}`);
  };
  /** Raises a finding for the agency's month with the most violations of the rule among `candidates`. */
  const raiseBusiest = async (agencyCode: string, ruleCode: string, candidates: string[], day: (month: string) => string) => {
    const agencyId = agencies.get(agencyCode)!;
    const counts = await violationsByMonth(agencyId, ruleCode, input.window);
    const month = candidates.filter((candidate) => (counts.get(candidate) ?? 0) > 0).sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b))[0];
    if (!month) return null;
    const raised = await raiseFindingByRules({ agencyId, ruleCodes: [ruleCode], from: `${month}-01`, to: lastOfMonth(`${month}-01`) }, compliance, at(day(month)));
    return { ...raised, month, counts, day: day(month) };
  };

  // BLITZ: its late-night contact found two months before the last, issued, never answered: escalated by the clock.
  if (agencies.has("BLITZ")) {
    const raised = await raiseBusiest("BLITZ", "CONTACT_HOURS", months.slice(0, -2), (month) => addDays(lastOfMonth(`${month}-01`), 3));
    if (raised) {
      const dueOn = addDays(raised.day, 14);
      await issueFinding({ findingId: raised.findingId, responseDueOn: dueOn }, compliance, at(raised.day));
      await escalateFinding({ findingId: raised.findingId, reason: "RESPONSE_OVERDUE" }, systemActor, at(addDays(dueOn, 1)));
      await record("BLITZ", "CONTACT_HOURS", raised.findingId);
    } else skip("BLITZ has no CONTACT_HOURS violation at this scale");
  }

  // ANCHOR: its rare violations of one month, a plan whose fix is measured over the quietest later month: improved,
  // closed. The generator gives ANCHOR no misconduct, so at a small scale it may have no violation at all: then the
  // closed finding goes to the first agency that has one (MERIDIAN's occasional breaches, then the others).
  const closeWithImprovement = async (agencyCode: string): Promise<boolean> => {
    const agencyId = agencies.get(agencyCode);
    const rule = agencyId ? await busiestRule(agencyId, ["CONTACT_HOURS", "CALL_RECORDING_MISSING"], input.window) : null;
    if (!agencyId || !rule) return false;
    const counts = await violationsByMonth(agencyId, rule, input.window);
    // The finding's month leaves a month for the plan and one (the window after the fix) to measure, judged before the
    // window's last month ends: the verification is complete however early in its month the demo starts.
    const periods = months.slice(0, -3).filter((month) => (counts.get(month) ?? 0) > 0);
    const period = periods.sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b))[0];
    const after = period ? months.slice(0, -1).filter((month) => month >= addMonths(`${period}-01`, 2).slice(0, 7)).sort((a, b) => counts.get(a)! - counts.get(b)! || a.localeCompare(b))[0] : undefined;
    if (!period || !after || counts.get(after)! >= counts.get(period)!) return false;
    const issuedOn = addDays(lastOfMonth(`${period}-01`), 3);
    const fixDate = addDays(`${after}-01`, -1);
    const agency = await agencyActor(agencyId, agencyCode);
    const raised = await raiseFindingByRules({ agencyId, ruleCodes: [rule], from: `${period}-01`, to: lastOfMonth(`${period}-01`) }, compliance, at(issuedOn));
    await issueFinding({ findingId: raised.findingId, responseDueOn: addDays(issuedOn, 14) }, compliance, at(issuedOn));
    const answer = await respondToFinding(
      { findingId: raised.findingId, response: { kind: "ACCEPTED", explanation: "Reviewed with the team leads; the dialler's schedule and call recording are now checked daily.", actions: [{ description: "Retrain the team and check the dialler's settings daily", owner: "Team lead", dueOn: fixDate }] } },
      agency,
      at(addDays(issuedOn, 2)),
    );
    await decidePlan({ findingId: raised.findingId, responseId: answer.responseId, decision: "ACCEPT", note: "Plan accepted." }, compliance, at(addDays(issuedOn, 3)));
    const [action] = await prisma.findingAction.findMany({ where: { responseId: answer.responseId }, select: { id: true } });
    await markActionDone({ findingId: raised.findingId, actionId: action!.id, note: "Training held; checks in place." }, agency, at(addDays(fixDate, -1)));
    await startVerification({ findingId: raised.findingId }, systemActor, at(fixDate));
    const judgedOn = addDays(fixDate, (await getFindingPolicy()).verificationWindowDays + 1);
    const verification = await refreshVerification(raised.findingId, at(judgedOn));
    if (verification?.outcome === "IMPROVED") await closeFinding({ findingId: raised.findingId, note: "The rate fell after the fix: closed on the verification." }, compliance, at(judgedOn));
    await record(agencyCode, rule, raised.findingId);
    return verification?.outcome === "IMPROVED";
  };
  let closed = false;
  for (const agencyCode of ["ANCHOR", "MERIDIAN", "IDLEWOOD", "CROSSLINE", "KINLINK"]) {
    if (await closeWithImprovement(agencyCode)) {
      closed = true;
      if (agencyCode !== "ANCHOR") log(`ANCHOR has no violation to verify at this scale: the closed finding is ${agencyCode}'s`);
      break;
    }
  }
  if (!closed) skip("no agency has a month of violations followed by a quieter one: no closed finding");

  // KINLINK: texting family about the debt, issued two days ago, the answer due in twelve.
  if (agencies.has("KINLINK")) {
    const issuedOn = addDays(today, -2);
    const raised = await raiseBusiest("KINLINK", "THIRD_PARTY_DISCLOSURE", months, () => issuedOn);
    if (raised) {
      await issueFinding({ findingId: raised.findingId, responseDueOn: addDays(today, 12) }, compliance, at(issuedOn));
      await record("KINLINK", "THIRD_PARTY_DISCLOSURE", raised.findingId);
    } else skip("KINLINK has no THIRD_PARTY_DISCLOSURE violation at this scale");
  }

  // CROSSLINE: wrong numbers, answered with a plan that waits for compliance's decision.
  const crosslineId = agencies.get("CROSSLINE");
  if (crosslineId) {
    const issuedOn = addDays(today, -6);
    const raised = await raiseBusiest("CROSSLINE", "WRONG_PARTY_REPEAT", months, () => issuedOn);
    if (raised) {
      await issueFinding({ findingId: raised.findingId, responseDueOn: addDays(today, 8) }, compliance, at(issuedOn));
      await respondToFinding(
        {
          findingId: raised.findingId,
          response: {
            kind: "ACCEPTED",
            explanation: "Numbers reported as wrong were not removed from the dialler.",
            actions: [
              { description: "Remove every number reported as wrong from the dialler within a day", owner: "Operations", dueOn: addDays(today, 10) },
              { description: "Weekly audit of wrong-number reports", owner: "Compliance officer", dueOn: addDays(today, 24) },
            ],
          },
        },
        await agencyActor(crosslineId, "CROSSLINE"),
        at(addDays(today, -2)),
      );
      await record("CROSSLINE", "WRONG_PARTY_REPEAT", raised.findingId);
    } else skip("CROSSLINE has no WRONG_PARTY_REPEAT violation at this scale");
  }

  // The automatic policy for the last closed month: DRAFTs for compliance to check. A demo portfolio is small, so
  // the rate clause asks for no minimum of contacts.
  const policy = await getFindingPolicy();
  const demoPolicy: FindingPolicy = { ...policy, clauses: policy.clauses.map((clause) => (clause.kind === "RATE_ABOVE" ? { ...clause, minOutboundContacts: 0 } : clause)) };
  const month = await lastClosedMonth(input.now);
  if (month === lastMonth) {
    const run = await runFindingPolicy({ month, now: input.now, policy: demoPolicy });
    result.drafts = run.raised.length;
    log(`automatic policy for ${month}: ${run.raised.length} DRAFT findings`);
  } else skip(`the last closed month ${month} is not the window's last ${lastMonth}`);
  return result;
}
