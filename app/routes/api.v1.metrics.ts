import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { collectMetricsReport } from "~/metrics/metrics-report.server";

// GET /api/v1/metrics?month=YYYY-MM[&by=agent]: the token's agency's figures for a month, as its pages and the CLI
// show them (docs/METRICS.md, docs/API.md): the agency with its scorecard, or each of its agents.

const querySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM"),
  by: z.enum(["agency", "agent"]).default("agency"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "READ_METRICS");
    const params = new URL(request.url).searchParams;
    const query = querySchema.safeParse({ month: params.get("month") ?? undefined, by: params.get("by") ?? undefined });
    if (!query.success) {
      const issues = query.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
      return apiError(400, "INVALID_REQUEST", `Invalid query: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}.`, { details: { issues } });
    }
    // Always the token's own agency, whatever else the query says.
    const report = await collectMetricsReport({ month: query.data.month, agencyCode: token.agencyCode, by: query.data.by });
    return apiJson({ agencyCode: token.agencyCode, ...report });
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
