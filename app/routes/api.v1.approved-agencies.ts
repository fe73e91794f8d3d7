import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { readApprovedListForApi } from "~/agency-register/register-api.server";
import { currentTime } from "~/clock/clock.server";

// GET /api/v1/approved-agencies: the approved-agency list (status, licences with expiry, last evaluation and rating),
// which for an agency's token holds its own row only (docs/API.md). Needs the REGISTER scope.

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "REGISTER");
    return apiJson(await readApprovedListForApi(token, currentTime()));
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
