// The demo's findings, one in each state a visitor should see, made through the findings domain functions with a
// clock moved through the demo window (never written into the tables directly): BLITZ's contact-hours finding
// escalated for an unanswered response, ANCHOR's closed after a verification that shows the improvement, KINLINK's
// issued and awaiting its answer, CROSSLINE's answered with a plan for compliance to decide, a plan accepted, a plan
// rejected and a fix being verified (BLITZ's other misconduct first), and the automatic policy's DRAFTs for the last
// closed month. Every step notifies as it would in production.
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

/** Violations of one agency per rule in the window. */
async function violationCountsByRule(agencyId: number, window: { from: string; to: string }): Promise<Map<string, number>> {
  const rows = await getPrisma().violation.groupBy({
    by: ["ruleCode"],
    where: { agencyId, occurredAt: { gte: new Date(`${window.from}T00:00:00Z`), lte: new Date(`${window.to}T23:59:59Z`) } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.ruleCode, row._count._all]));
}

/** The reporting days on which the agency broke the rule. */
async function violationDays(agencyId: number, ruleCode: string): Promise<Set<string>> {
  const timeZone = await getSetting("lender.timeZone");
  const rows = await getPrisma().$queryRaw<{ day: string }[]>`
    SELECT DISTINCT to_char(v."occurredAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day
    FROM "Violation" v WHERE v."agencyId" = ${agencyId} AND v."ruleCode" = ${ruleCode} AND v.status <> 'DISMISSED'`;
  return new Set(rows.map((row) => row.day));
}

export type ImprovementPlan = { rule: string; period: string; issuedOn: string; fixDate: string; judgedOn: string };

/**
 * A finding that a verification will show improved, from however few violations the agency has: a month with
 * violations of a rule (the most first), issued three days after it, and the first fix date a week or more later
 * whose verification window holds no violation of that rule and ends inside the data window, judged by `today`.
 * With a rate of zero after the fix any rate before it is an improvement; null when no rule and month allow one.
 */
export async function planImprovement(agencyId: number, window: { from: string; to: string }, today: string, windowDays: number): Promise<ImprovementPlan | null> {
  const counts = await violationCountsByRule(agencyId, window);
  const rules = [...counts.keys()].sort((a, b) => Number(b === "CONTACT_HOURS") - Number(a === "CONTACT_HOURS") || counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  const lastJudged = addDays(window.to < today ? window.to : today, -1);
  for (const rule of rules) {
    const days = await violationDays(agencyId, rule);
    const byMonth = new Map<string, number>();
    for (const day of days) if (day >= window.from && day <= window.to) byMonth.set(day.slice(0, 7), (byMonth.get(day.slice(0, 7)) ?? 0) + 1);
    const periods = [...byMonth.keys()].sort((a, b) => byMonth.get(b)! - byMonth.get(a)! || a.localeCompare(b));
    for (const period of periods) {
      const issuedOn = addDays(lastOfMonth(`${period}-01`), 3);
      for (let fixDate = addDays(issuedOn, 7); addDays(fixDate, windowDays + 1) <= lastJudged; fixDate = addDays(fixDate, 1)) {
        let clean = true;
        for (let day = addDays(fixDate, 1); day <= addDays(fixDate, windowDays) && clean; day = addDays(day, 1)) if (days.has(day)) clean = false;
        if (clean) return { rule, period, issuedOn, fixDate, judgedOn: addDays(fixDate, windowDays + 1) };
      }
    }
  }
  return null;
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

  // ANCHOR: a few violations of one rule in one month, a plan whose fix date is followed by a verification window
  // without any violation of that rule (ANCHOR is otherwise clean), so its rate falls to zero: improved, closed.
  // The generator gives ANCHOR no misconduct, so it has a handful of violations at any scale; only when it has none
  // at all does the closed finding go to the first agency that has (MERIDIAN's occasional breaches, then the others).
  const closeWithImprovement = async (agencyCode: string): Promise<boolean> => {
    const agencyId = agencies.get(agencyCode);
    if (!agencyId) return false;
    const plan = await planImprovement(agencyId, input.window, today, (await getFindingPolicy()).verificationWindowDays);
    if (!plan) return false;
    const { rule, period, issuedOn, fixDate, judgedOn } = plan;
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

  // The states between answer and close, on BLITZ's other misconduct (it has every kind at any scale), then the
  // others': a plan accepted and being carried out, a plan sent back, and a fix being verified (its window open).
  const used = new Set(result.findings.map((finding) => `${finding.agencyCode} ${finding.ruleCode}`));
  const raiseRecent = async (issuedOn: string, preferred: readonly string[]) => {
    for (const agencyCode of ["BLITZ", "CROSSLINE", "MERIDIAN", "IDLEWOOD", "KINLINK", "ANCHOR"]) {
      const agencyId = agencies.get(agencyCode);
      if (!agencyId) continue;
      const counts = await violationCountsByRule(agencyId, input.window);
      const rule = [...preferred, ...[...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b))].find((code) => (counts.get(code) ?? 0) > 0 && !used.has(`${agencyCode} ${code}`));
      if (!rule) continue;
      // Months over before the finding is raised.
      const raised = await raiseBusiest(agencyCode, rule, months.filter((month) => lastOfMonth(`${month}-01`) < issuedOn), () => issuedOn);
      if (!raised) continue;
      used.add(`${agencyCode} ${rule}`);
      return { ...raised, agencyCode, agencyId, rule, agency: await agencyActor(agencyId, agencyCode) };
    }
    return null;
  };
  const answerWithPlan = async (finding: NonNullable<Awaited<ReturnType<typeof raiseRecent>>>, on: string, actions: { description: string; owner: string; dueOn: string }[]) => {
    const answer = await respondToFinding({ findingId: finding.findingId, response: { kind: "ACCEPTED", explanation: "We reviewed the cases and agree; the plan below fixes the cause.", actions } }, finding.agency, at(on));
    return answer.responseId;
  };

  const accepted = await raiseRecent(addDays(today, -20), ["ABUSIVE_LANGUAGE", "CALL_FREQUENCY_7IN7"]);
  if (accepted) {
    await issueFinding({ findingId: accepted.findingId, responseDueOn: addDays(today, -6) }, compliance, at(accepted.day));
    const responseId = await answerWithPlan(accepted, addDays(today, -15), [
      { description: "Block the flagged message templates in the SMS gateway", owner: "IT", dueOn: addDays(today, 10) },
      { description: "Coach the agents concerned and review their messages weekly", owner: "Team lead", dueOn: addDays(today, 25) },
    ]);
    await decidePlan({ findingId: accepted.findingId, responseId, decision: "ACCEPT", note: "Plan accepted: report when the templates are blocked." }, compliance, at(addDays(today, -12)));
    await record(accepted.agencyCode, accepted.rule, accepted.findingId);
  } else skip("no agency has a second rule with violations: no accepted plan");

  const rejected = await raiseRecent(addDays(today, -18), ["CALL_RECORDING_MISSING", "CONTACT_AFTER_CEASE"]);
  if (rejected) {
    await issueFinding({ findingId: rejected.findingId, responseDueOn: addDays(today, -4) }, compliance, at(rejected.day));
    const responseId = await answerWithPlan(rejected, addDays(today, -10), [{ description: "Remind the agents of the rules", owner: "Team lead", dueOn: addDays(today, 30) }]);
    await decidePlan(
      { findingId: rejected.findingId, responseId, decision: "REJECT", note: "A reminder does not change the dialler or the checks: say what will stop it happening again.", responseDueOn: addDays(today, 6) },
      compliance,
      at(addDays(today, -8)),
    );
    await record(rejected.agencyCode, rejected.rule, rejected.findingId);
  } else skip("no agency has a third rule with violations: no rejected plan");

  const verifying = await raiseRecent(addDays(today, -45), ["CONTACT_AFTER_RECALL", "SMS_REQUIRED_CONTENT"]);
  if (verifying) {
    const fixDate = addDays(today, -5);
    await issueFinding({ findingId: verifying.findingId, responseDueOn: addDays(today, -31) }, compliance, at(verifying.day));
    const responseId = await answerWithPlan(verifying, addDays(today, -38), [{ description: "Stop work on recalled accounts the day the recall file arrives", owner: "Operations", dueOn: fixDate }]);
    await decidePlan({ findingId: verifying.findingId, responseId, decision: "ACCEPT", note: "Plan accepted." }, compliance, at(addDays(today, -36)));
    const [action] = await prisma.findingAction.findMany({ where: { responseId }, select: { id: true } });
    await markActionDone({ findingId: verifying.findingId, actionId: action!.id, note: "Recall files are now applied the same day." }, verifying.agency, at(addDays(fixDate, -1)));
    await startVerification({ findingId: verifying.findingId }, systemActor, at(fixDate));
    await refreshVerification(verifying.findingId, input.now);
    await record(verifying.agencyCode, verifying.rule, verifying.findingId);
  } else skip("no agency has a fourth rule with violations: no finding being verified");

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
  // Its ledger is small too: money reported and not received (CROSSLINE's short remittances) is judged above 100.
  const demoPolicy: FindingPolicy = {
    ...policy,
    clauses: policy.clauses.map((clause) => (clause.kind === "RATE_ABOVE" ? { ...clause, minOutboundContacts: 0 } : clause.kind === "UNRECONCILED_ABOVE" ? { ...clause, amount: "100.00" } : clause)),
  };
  const month = await lastClosedMonth(input.now);
  if (month === lastMonth) {
    const run = await runFindingPolicy({ month, now: input.now, policy: demoPolicy });
    result.drafts = run.raised.length;
    log(`automatic policy for ${month}: ${run.raised.length} DRAFT findings`);
  } else skip(`the last closed month ${month} is not the window's last ${lastMonth}`);
  return result;
}
