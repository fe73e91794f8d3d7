// The finding page's forms (one per action the state machine allows) turned into the domain's calls. The domain
// decides who may do what: a role not allowed comes back as a FindingError the route answers with 403 and the reason.
import { z } from "zod";
import { getPrisma } from "~/db/client.server";
import type { FindingStatus } from "~/generated/prisma/enums";
import { contestViolation, decideContest } from "./contests.server";
import { closeFinding, decidePlan, escalateFinding, issueFinding, markActionDone, reopenFinding, respondToFinding, startVerification, updateFindingDraft, type FindingTransitionOutcome } from "./findings.server";
import { MAX_ACTIONS } from "./finding-input";
import { FindingError, type FindingActorRef } from "./finding-types";

export const findingPageIntents = ["issue", "respond", "acceptPlan", "rejectPlan", "markActionDone", "startVerification", "escalate", "close", "reopen", "edit", "contest", "upholdContest", "rejectContest"] as const;
export type FindingPageIntent = (typeof findingPageIntents)[number];

type FormLike = { get: (name: string) => unknown };

const optionalText = (form: FormLike, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
};

/** The plan's rows as typed on the page: rows left wholly empty are not actions. */
export function planActionsOf(form: FormLike): { description: string; owner: string; dueOn: string }[] {
  const rows = [];
  for (let index = 0; index < MAX_ACTIONS; index += 1) {
    const row = { description: optionalText(form, `actions.${index}.description`) ?? "", owner: optionalText(form, `actions.${index}.owner`) ?? "", dueOn: optionalText(form, `actions.${index}.dueOn`) ?? "" };
    if (row.description || row.owner || row.dueOn) rows.push(row);
  }
  return rows;
}

const idOf = (form: FormLike, name: string): number => {
  const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(form.get(name));
  if (!parsed.success) throw new FindingError("INVALID", "INVALID_INPUT", `${name} is missing or not a number.`, name, { key: "validation.required" });
  return parsed.data;
};

/** What the page shows after an action: which one, and the finding's status after it. */
export type FindingPageOutcome = { intent: FindingPageIntent; status: FindingStatus };

export async function performFindingPageAction(findingId: number, form: FormLike, actor: FindingActorRef, now: Date): Promise<FindingPageOutcome> {
  const intent = z.enum(findingPageIntents).safeParse(form.get("intent"));
  if (!intent.success) throw new FindingError("INVALID", "INVALID_INPUT", "Unknown action.", "intent", { key: "validation.invalidChoice" });
  const note = optionalText(form, "note");
  const responseDueOn = optionalText(form, "responseDueOn");
  const run = async (): Promise<FindingStatus> => {
    const to = (outcome: FindingTransitionOutcome) => outcome.to;
    switch (intent.data) {
      case "issue":
        return to(await issueFinding({ findingId, responseDueOn, note }, actor, now));
      case "respond": {
        const kind = form.get("kind") === "DISPUTED" ? "DISPUTED" : "ACCEPTED";
        return to(await respondToFinding({ findingId, response: { kind, explanation: String(form.get("explanation") ?? ""), actions: planActionsOf(form) } }, actor, now));
      }
      case "acceptPlan":
      case "rejectPlan":
        return to(await decidePlan({ findingId, responseId: idOf(form, "responseId"), decision: intent.data === "acceptPlan" ? "ACCEPT" : "REJECT", note, responseDueOn }, actor, now));
      case "markActionDone":
        return to(await markActionDone({ findingId, actionId: idOf(form, "actionId"), note }, actor, now));
      case "startVerification":
        return to(await startVerification({ findingId, note }, actor, now));
      case "escalate":
        return to(await escalateFinding({ findingId, note, reason: "MANUAL" }, actor, now));
      case "close":
        return to(await closeFinding({ findingId, note: note ?? "" }, actor, now));
      case "reopen":
        return to(await reopenFinding({ findingId, note: note ?? "", responseDueOn }, actor, now));
      case "edit":
        // An emptied due day goes back to the policy's default at issue.
        return to(await updateFindingDraft({ findingId, title: String(form.get("title") ?? ""), description: String(form.get("description") ?? ""), severity: String(form.get("severity") ?? ""), responseDueOn: responseDueOn ?? null }, actor, now));
      case "contest": {
        const violationId = optionalText(form, "violationId") ?? "";
        await contestViolation({ findingId, violationId, reason: String(form.get("reason") ?? "") as never, note: note ?? "" }, actor, now);
        return (await currentStatus(findingId))!;
      }
      case "upholdContest":
      case "rejectContest":
        await decideContest({ findingId, contestId: idOf(form, "contestId"), decision: intent.data === "upholdContest" ? "UPHOLD" : "REJECT", note: note ?? "" }, actor, now);
        return (await currentStatus(findingId))!;
    }
  };
  return { intent: intent.data, status: await run() };
}

async function currentStatus(findingId: number): Promise<FindingStatus | undefined> {
  return (await getPrisma().finding.findUnique({ where: { id: findingId }, select: { status: true } }))?.status;
}
