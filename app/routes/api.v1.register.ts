import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { readRegisterForApi } from "~/agency-register/register-api.server";
import { currentTime } from "~/clock/clock.server";

// GET /api/v1/register: the token's agency's own register entry — profile, status and its history, licences and
// documents with their expiry (docs/API.md). Needs the REGISTER scope.

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "REGISTER");
    return apiJson(await readRegisterForApi(token, currentTime()));
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
