import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { readEvaluationsForApi } from "~/agency-register/register-api.server";

// GET /api/v1/evaluations: the token's agency's signed evaluations, with the lender's notes only when shared
// (docs/API.md). Needs the REGISTER scope.

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "REGISTER");
    return apiJson(await readEvaluationsForApi(token));
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
