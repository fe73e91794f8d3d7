import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/files/file-download.server";
import { xlsxContentType } from "~/grid/export-table.server";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission } from "~/auth/guards.server";
import { EvaluationError, getEvaluationWorkbook } from "~/evaluations/evaluations.server";

// The signed evaluation's workbook exactly as stored at signing (never rendered again); logged as an EXPORT.
const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await getEvaluationWorkbook(user, parsed.data.id);
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "AgencyEvaluation", resourceId: parsed.data.id, detail: { sha256: file.sha256 }, request });
    return storedFileResponse({ ...file, contentType: xlsxContentType });
  } catch (error) {
    if (error instanceof EvaluationError) throw notFound();
    throw error;
  }
}
