// A finding raised from a complaint, through app/findings' own raise (its evidence, impact and events): a
// corroborated complaint raises one on the rules whose violations bore it out, over the corroboration window; any
// other raises one on the complaint's category for the day it was received (a NO_MATCHING_LOG complaint is the
// evidence of possible unlogged contact). The complaint records the link in its own log.
import { getPrisma } from "~/db/client.server";
import { dayInZone } from "~/findings/finding-dates";
import { raiseFindingByRules, type RaiseFindingResult } from "~/findings/findings.server";
import { addDays } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";
import { checkComplaintOperation } from "./complaint-state";
import { getComplaintWorkflow } from "./complaint-settings.server";
import { ComplaintError, type ComplaintActorRef } from "./complaint-types";
import { assertComplaintVisibleTo, complaintNotFound, recordFindingRaised } from "./complaint-workflow.server";

export async function raiseFindingFromComplaint(input: { complaintId: number }, actor: ComplaintActorRef, now: Date): Promise<RaiseFindingResult> {
  const prisma = getPrisma();
  const complaint = await prisma.complaint.findUnique({
    where: { id: input.complaintId },
    select: { id: true, complaintRef: true, category: true, agencyId: true, agentId: true, status: true, receivedAt: true, corroboration: true, corroborationDetail: true, severity: true },
  });
  if (!complaint) throw complaintNotFound(input.complaintId);
  assertComplaintVisibleTo(complaint, actor);
  const check = checkComplaintOperation("raiseFinding", complaint.status, actor.role);
  if (!check.allowed) throw new ComplaintError(check.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", check.reason, check.message);
  if (complaint.agencyId === null) throw new ComplaintError("CONFLICT", "NO_AGENCY", `Complaint ${complaint.complaintRef} names no agency.`);
  const [timeZone, workflow] = await Promise.all([getSetting("lender.timeZone"), getComplaintWorkflow()]);
  const day = dayInZone(complaint.receivedAt, timeZone);
  const detail = (complaint.corroborationDetail ?? {}) as { violationRuleCodes?: string[] };
  const corroborated = complaint.corroboration === "CORROBORATED" && (detail.violationRuleCodes?.length ?? 0) > 0;
  const result = await raiseFindingByRules(
    {
      agencyId: complaint.agencyId,
      agentId: complaint.agentId,
      ruleCodes: corroborated ? detail.violationRuleCodes! : [],
      complaintCategories: [complaint.category],
      from: corroborated ? addDays(day, -workflow.corroborationWindowDays) : day,
      to: day,
      severity: complaint.severity,
      description: `Complaint ${complaint.complaintRef} (${complaint.category}), ${complaint.corroboration ?? "not yet checked"} against the agency's log.`,
    },
    { role: actor.role, userId: actor.userId, agencyId: actor.agencyId, request: actor.request },
    now,
  );
  await recordFindingRaised({ complaintId: complaint.id, findingId: result.findingId }, actor, now);
  return result;
}
