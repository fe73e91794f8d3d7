import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { findAgencyByCode, findAgentOfAgency } from "~/dashboard/find-agency.server";
import { findingActor, findingFailure } from "~/findings/finding-route.server";
import { raiseFindingByRules, raiseFindingFromFilter, raiseFindingFromViolations } from "~/findings/findings.server";
import { readFormData } from "~/http/read-body.server";
import { violationFilterNames } from "~/violations/violation-grid-query";
import { currentTime } from "~/clock/clock.server";
import { DataHealthItemGone, raiseDataHealthFinding } from "~/data-health/data-health-finding.server";
import { parseReconciliationFilters, reconciliationFilterNames } from "~/reconciliation/reconciliation-grid-query";
import { raiseReconciliationFinding } from "~/reconciliation/reconciliation-finding.server";

// POST /findings/raise: every "raise a finding" button. intent=filter (the default): the violations page's filter
// (its URL parameters) becomes a DRAFT finding's criteria; intent=selection: the violations ticked in its grid;
// intent=rules: the agency or agent page's rule (a rule's bar, an outlier agent) for the page's period; intent=dataHealth:
// an item of the Data health page (agency, month, item key), recomputed first; intent=reconciliation: the reconciliation
// page's filter (one agency, a month, the status shown), its exceptions copied as the evidence. The answer is a redirect to the new
// draft (or the item's open finding), or the refusal (no agency, nothing matching, an unknown agent) with its reason.

const rulesSchema = z.object({
  agency: z.string().trim().min(1).max(40),
  agentId: z.preprocess((value) => (value === "" || value == null ? undefined : value), z.coerce.number().int().positive().optional()),
  rule: z.string().trim().min(1).max(64),
  from: z.string(),
  to: z.string(),
});

const dataHealthSchema = z.object({ agency: z.string().trim().min(1).max(40), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), key: z.string().trim().min(1).max(300) });

async function raiseFromDataHealth(form: FormData, actor: ReturnType<typeof findingActor>, now: Date) {
  const parsed = dataHealthSchema.safeParse({ agency: form.get("agency"), month: form.get("month"), key: form.get("key") });
  if (!parsed.success) return data({ ok: false as const, status: 400, reason: "INVALID_INPUT" as const, field: String(parsed.error.issues[0]?.path[0] ?? "key"), message: parsed.error.issues[0]?.message ?? "" }, { status: 400 });
  const agency = await findAgencyByCode(parsed.data.agency.toUpperCase());
  if (!agency) throw notFound();
  const back = `/data-health/${encodeURIComponent(agency.code)}?month=${parsed.data.month}`;
  try {
    const raised = await raiseDataHealthFinding({ month: parsed.data.month, agencyId: agency.id, key: parsed.data.key }, actor, now);
    return redirect(`/findings/${raised.findingId}`);
  } catch (error) {
    if (error instanceof DataHealthItemGone) return redirect(`${back}&gone=1`);
    throw error;
  }
}

async function raiseFromReconciliation(form: FormData, actor: ReturnType<typeof findingActor>, now: Date) {
  const params = new URLSearchParams();
  for (const name of reconciliationFilterNames) {
    const value = form.get(name);
    if (typeof value === "string") params.set(name, value);
  }
  const filters = parseReconciliationFilters(params);
  if (!filters.success || !filters.data.agency || !filters.data.month) {
    return data({ ok: false as const, status: 400, reason: "INVALID_INPUT" as const, field: "agency", message: "Filter the reconciliation by one agency and a month before raising a finding.", messageKey: "reconciliation.raise.needsAgency" }, { status: 400 });
  }
  const agency = await findAgencyByCode(filters.data.agency.toUpperCase());
  if (!agency) throw notFound();
  const raised = await raiseReconciliationFinding({ agencyId: agency.id, agencyCode: agency.code, month: filters.data.month, status: filters.data.status }, actor, now);
  return redirect(`/findings/${raised.findingId}`);
}

async function raiseFromRules(form: FormData, actor: ReturnType<typeof findingActor>, now: Date) {
  const parsed = rulesSchema.safeParse({ agency: form.get("agency"), agentId: form.get("agentId"), rule: form.get("rule"), from: form.get("from"), to: form.get("to") });
  if (!parsed.success) return data({ ok: false as const, status: 400, reason: "INVALID_INPUT" as const, field: String(parsed.error.issues[0]?.path[0] ?? "rule"), message: parsed.error.issues[0]?.message ?? "" }, { status: 400 });
  const agency = await findAgencyByCode(parsed.data.agency.toUpperCase());
  if (!agency) throw notFound();
  const agent = parsed.data.agentId === undefined ? null : await findAgentOfAgency(agency.id, parsed.data.agentId);
  if (parsed.data.agentId !== undefined && !agent) throw notFound();
  const raised = await raiseFindingByRules({ agencyId: agency.id, agentId: agent?.id ?? null, ruleCodes: [parsed.data.rule], from: parsed.data.from, to: parsed.data.to }, actor, now);
  return redirect(`/findings/${raised.findingId}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "findings.manage");
  const form = await readFormData(request, user);
  const actor = findingActor(user, request);
  const now = currentTime();
  try {
    const intent = form.get("intent");
    if (intent === "rules") return await raiseFromRules(form, actor, now);
    if (intent === "dataHealth") return await raiseFromDataHealth(form, actor, now);
    if (intent === "reconciliation") return await raiseFromReconciliation(form, actor, now);
    if (intent === "selection") {
      const raised = await raiseFindingFromViolations({ violationIds: form.getAll("violationIds").map(String) }, actor, now);
      return redirect(`/findings/${raised.findingId}`);
    }
    const filters: Record<string, string> = {};
    for (const name of violationFilterNames) {
      const value = form.get(name);
      if (typeof value === "string" && value.trim() !== "") filters[name] = value.trim();
    }
    const raised = await raiseFindingFromFilter({ filters }, actor, now);
    return redirect(`/findings/${raised.findingId}`);
  } catch (error) {
    const failure = findingFailure(error);
    return data(failure, { status: failure.status });
  }
}

export async function loader() {
  throw notFound();
}
