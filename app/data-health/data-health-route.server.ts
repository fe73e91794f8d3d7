// What the Data health pages and the export share: the month of the URL (default: the current month in the lender's
// zone) and the agencies a user may see (AGENCY users: their own).
import type { SessionUser } from "~/auth/session.server";
import { scopeAgency } from "~/auth/guards.server";
import { getSetting } from "~/settings/settings.server";
import { isMonth, monthOf } from "./data-health.server";

export async function monthOfRequest(searchParams: URLSearchParams, now: Date): Promise<string> {
  const asked = searchParams.get("month");
  if (asked && isMonth(asked)) return asked;
  return monthOf(now, await getSetting("lender.timeZone"));
}

/** undefined: every active agency; otherwise the user's own. */
export function agencyIdsFor(user: SessionUser): number[] | undefined {
  const own = scopeAgency(user);
  return own === undefined ? undefined : [own];
}
