import type { LoaderFunctionArgs } from "@remix-run/node";
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
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Content-Length": String(file.bytes.length),
        "Cache-Control": "private, no-store",
        "X-Content-SHA256": file.sha256,
      },
    });
  } catch (error) {
    if (error instanceof EvaluationError) throw notFound();
    throw error;
  }
}
