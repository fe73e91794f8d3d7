import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { findingApiError } from "~/findings/finding-api.server";
import { actorFromApiToken, respondToFinding } from "~/findings/findings.server";
import { currentTime } from "~/clock/clock.server";

// POST /api/v1/findings/:id/response: the token's agency answers a finding (docs/API.md): JSON
// { kind: "ACCEPTED" | "DISPUTED", explanation, actions: [{ description, owner, dueOn }] }. A late answer is accepted
// and marked late; another agency's finding is 404; a finding that cannot be answered now is 409 with the reason.

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApiRequest(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const token = await requireApiToken(request, "FINDINGS");
    const id = idSchema.safeParse(params.id);
    if (!id.success) return apiError(404, "NOT_FOUND", `There is no finding '${params.id ?? ""}' for agency ${token.agencyCode}.`);
    if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json")) {
      return apiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the response as JSON (Content-Type: application/json).");
    }
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return apiError(400, "INVALID_REQUEST", "The body is not valid JSON.");
    }
    try {
      const outcome = await respondToFinding({ findingId: id.data, response: body as never }, actorFromApiToken({ id: token.tokenId, agencyId: token.agencyId }, request), currentTime());
      return apiJson({ findingId: outcome.findingId, status: outcome.to, responseId: outcome.responseId, late: outcome.late }, 201);
    } catch (error) {
      return findingApiError(error);
    }
  });
}

export async function loader() {
  return methodNotAllowed(["POST"]);
}
