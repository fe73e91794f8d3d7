import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { getRuleEvaluationRun } from "~/rules/rule-evaluation-runs.server";

// Resource route: GET /rules/runs/:runId → the run's progress as JSON, polled by the progress bar while it works.

const paramsSchema = z.object({ runId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "rulePacks.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const run = await getRuleEvaluationRun(parsed.data.runId);
  if (!run) throw notFound();
  return data({ run }, { headers: { "Cache-Control": "no-store" } });
}
