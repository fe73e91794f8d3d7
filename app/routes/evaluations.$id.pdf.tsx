import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission } from "~/auth/guards.server";
import { EvaluationError, getEvaluationPdf } from "~/evaluations/evaluations.server";
import { storedFileResponse } from "~/files/file-download.server";

// The signed evaluation's PDF exactly as stored at signing (never rendered again); logged as an EXPORT.
const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await getEvaluationPdf(user, parsed.data.id);
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "AgencyEvaluation", resourceId: parsed.data.id, detail: { sha256: file.sha256, format: "pdf" }, request });
    return storedFileResponse({ ...file, contentType: "application/pdf" });
  } catch (error) {
    if (error instanceof EvaluationError) throw notFound();
    throw error;
  }
}
