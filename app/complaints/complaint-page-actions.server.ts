// The complaint page's forms: one intent each, its fields parsed with zod, then the domain function. The life cycle
// (complaint-state.ts) decides who may do what; a finding raised here goes through app/findings.
import { z } from "zod";
import { FindingError } from "~/findings/finding-types";
import { corroborateComplaints } from "./corroborate-complaints.server";
import { raiseFindingFromComplaint } from "./complaint-finding.server";
import { checkComplaintOperation } from "./complaint-state";
import { ComplaintError, type ComplaintActorRef } from "./complaint-types";
import { closeComplaint, escalateComplaint, investigateComplaint, linkComplaintViolation, reassignComplaint, reopenComplaint, respondToComplaint } from "./complaint-workflow.server";
import { getPrisma } from "~/db/client.server";

const text = z.string().max(8000).optional();
const id = z.coerce.number().int().positive().max(2_147_483_647);

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("investigate"), assigneeId: id, responseDueOn: z.string().max(10).optional(), note: text }),
  z.object({ intent: z.literal("reassign"), assigneeId: id, note: text }),
  z.object({ intent: z.literal("respond"), response: z.string().max(8000) }),
  z.object({ intent: z.literal("close"), outcome: z.string().max(20), rootCause: z.string().max(80), note: text }),
  z.object({ intent: z.literal("reopen"), note: z.string().max(8000) }),
  z.object({ intent: z.literal("escalate"), note: text }),
  z.object({ intent: z.literal("linkViolation"), violationId: z.string().trim().max(20) }),
  z.object({ intent: z.literal("raiseFinding") }),
  z.object({ intent: z.literal("corroborate") }),
]);

export type ComplaintPageResult = { intent: string; findingId?: number };

export async function performComplaintPageAction(complaintId: number, form: FormData, actor: ComplaintActorRef, now: Date): Promise<ComplaintPageResult> {
  const parsed = intentSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string" && value !== "")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ComplaintError("INVALID", "INVALID_INPUT", `${issue?.path.join(".") || "form"}: ${issue?.message ?? "invalid"}`, issue?.path.join(".") || undefined);
  }
  const input = parsed.data;
  switch (input.intent) {
    case "investigate":
      await investigateComplaint({ complaintId, assigneeId: input.assigneeId, responseDueOn: input.responseDueOn, note: input.note }, actor, now);
      break;
    case "reassign":
      await reassignComplaint({ complaintId, assigneeId: input.assigneeId, note: input.note }, actor, now);
      break;
    case "respond":
      await respondToComplaint({ complaintId, response: input.response }, actor, now);
      break;
    case "close":
      await closeComplaint({ complaintId, outcome: input.outcome, rootCause: input.rootCause, note: input.note }, actor, now);
      break;
    case "reopen":
      await reopenComplaint({ complaintId, note: input.note }, actor, now);
      break;
    case "escalate":
      await escalateComplaint({ complaintId, note: input.note }, actor, now);
      break;
    case "linkViolation":
      await linkComplaintViolation({ complaintId, violationId: input.violationId }, actor, now);
      break;
    case "raiseFinding":
      try {
        return { intent: input.intent, findingId: (await raiseFindingFromComplaint({ complaintId }, actor, now)).findingId };
      } catch (error) {
        // The findings domain's refusal (no evidence, a role) in the complaint page's terms.
        if (error instanceof FindingError) throw new ComplaintError(error.code, error.reason, error.message, error.field);
        throw error;
      }
    case "corroborate": {
      const complaint = await getPrisma().complaint.findUnique({ where: { id: complaintId }, select: { status: true, agencyId: true } });
      if (!complaint || (actor.role === "AGENCY" && complaint.agencyId !== actor.agencyId)) throw new ComplaintError("NOT_FOUND", "NOT_FOUND", `No complaint ${complaintId}.`);
      const check = checkComplaintOperation("corroborate", complaint.status, actor.role);
      if (!check.allowed) throw new ComplaintError(check.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", check.reason, check.message);
      await corroborateComplaints([complaintId], now);
      break;
    }
  }
  return { intent: input.intent };
}
