import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { downloadSignedEvaluation } from "~/evaluations/signed-evaluation-download.server";

// GET /evaluations/:id/download: the signed evaluation's workbook as stored at signing, logged as an export.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  return downloadSignedEvaluation(user, request, params, "xlsx");
}
