import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { downloadSignedEvaluation } from "~/evaluations/signed-evaluation-download.server";

// GET /evaluations/:id/pdf: the signed evaluation's PDF as stored at signing, logged as an export.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  return downloadSignedEvaluation(user, request, params, "pdf");
}
