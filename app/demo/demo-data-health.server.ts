// The demo's Data health settings: the portfolio's year is loaded at once (a backfill), so every file would arrive
// "late"; arrival times are judged from the demo's anchor day on, as they would be from a feed's go-live. Missing
// days (IDLEWOOD's week, log-gaps.ts) are judged regardless.
import { saveDataHealthSettings } from "~/data-health/data-health-settings.server";
import { defaultDataHealthSettings, type DataHealthSettings } from "~/data-health/data-health-settings";
import { demoAgencies } from "./demo-users";

export async function seedDemoDataHealth(options: { now: Date }): Promise<DataHealthSettings> {
  const goLive = options.now.toISOString().slice(0, 10);
  return saveDataHealthSettings({ ...defaultDataHealthSettings(), agencies: demoAgencies.map((agency) => ({ code: agency.code, expectsDailyFeed: true, arrivalTrackedFrom: goLive })) }, null);
}
