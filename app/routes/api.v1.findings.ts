import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { apiFinding } from "~/findings/finding-api.server";
import { listFindings } from "~/findings/finding-queries.server";
import { findingStatuses } from "~/findings/finding-state";
import { actorFromApiToken } from "~/findings/findings.server";
import { currentTime } from "~/clock/clock.server";

// GET /api/v1/findings[?status=ISSUED&status=…][&overdue=true]: the token's agency's findings (issued ones only),
// newest first (docs/API.md). Needs the FINDINGS scope.

const querySchema = z.strictObject({
  status: z.array(z.enum(findingStatuses)).default([]),
  overdue: z.enum(["true", "false"]).default("false"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "FINDINGS");
    const params = new URL(request.url).searchParams;
    const parsed = querySchema.safeParse({
      status: params.getAll("status").map((status) => status.toUpperCase()),
      ...Object.fromEntries([...params.entries()].filter(([name]) => name !== "status")),
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ parameter: issue.path.join(".") || null, message: issue.message }));
      return apiError(400, "INVALID_REQUEST", "Invalid query parameters.", { details: { issues } });
    }
    // Always the token's own agency: listFindings scopes an AGENCY actor itself.
    const list = await listFindings(actorFromApiToken({ id: token.tokenId, agencyId: token.agencyId }, request), {
      statuses: parsed.data.status,
      overdueOnly: parsed.data.overdue === "true",
      limit: parsed.data.limit,
      offset: parsed.data.offset,
      now: currentTime(),
    });
    return apiJson({ agencyCode: token.agencyCode, today: list.today, total: list.total, findings: list.rows.map(apiFinding) });
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
