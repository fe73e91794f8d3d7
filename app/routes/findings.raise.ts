import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/guards.server";
import { findingActor, findingFailure } from "~/findings/finding-route.server";
import { raiseFindingFromFilter } from "~/findings/findings.server";
import { readFormData } from "~/http/read-body.server";
import { violationFilterNames } from "~/violations/violation-grid-query";
import { currentTime } from "~/clock/clock.server";

// POST /findings/raise: the violations page's "raise a finding from this filter". The page's filter (its URL
// parameters) becomes a DRAFT finding's criteria; the answer is a redirect to the new finding, or the refusal
// (no agency in the filter, nothing matching) with its reason for the button to show.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "findings.manage");
  const form = await readFormData(request, user);
  const filters: Record<string, string> = {};
  for (const name of violationFilterNames) {
    const value = form.get(name);
    if (typeof value === "string" && value.trim() !== "") filters[name] = value.trim();
  }
  try {
    const raised = await raiseFindingFromFilter({ filters }, findingActor(user, request), currentTime());
    return redirect(`/findings/${raised.findingId}`);
  } catch (error) {
    const failure = findingFailure(error);
    return data(failure, { status: failure.status });
  }
}

export async function loader() {
  throw notFound();
}
