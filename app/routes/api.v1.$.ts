import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError, handleApiRequest } from "~/api-tokens/api-tokens.server";

// Every /api/v1 path no endpoint answers: JSON 404 (never the app's HTML page), whatever the method, so a client's
// typo is reported in the format it parses. Known paths answer 405 themselves for methods they do not take.

function unknownEndpoint(request: Request): Response {
  const path = new URL(request.url).pathname;
  return apiError(404, "NOT_FOUND", `There is no API endpoint ${request.method} ${path}; see docs/API.md for the endpoints.`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => unknownEndpoint(request));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApiRequest(async () => unknownEndpoint(request));
}
