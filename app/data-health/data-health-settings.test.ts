import { describe, expect, test } from "vitest";
import { dataHealthSettingsSchema, defaultDataHealthSettings, feedSettingOf, formToDataHealthSettings } from "./data-health-settings";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const base: [string, string][] = [
  ["feedDeadline", "09:30"],
  ["unworkedDays", "10"],
  ["paymentNoContactDays", "60"],
  ["baselineWeeks", "8"],
  ["controlSigma", "2.5"],
];

describe("the Settings form", () => {
  test.each([
    ["a ticked agency with a go-live day", [["agencyCode", "IDLEWOOD"], ["daily:IDLEWOOD", "on"], ["trackedFrom:IDLEWOOD", "2026-11-15"]], [{ code: "IDLEWOOD", expectsDailyFeed: true, arrivalTrackedFrom: "2026-11-15" }]],
    ["an unticked agency, no day", [["agencyCode", "BLITZ"], ["trackedFrom:BLITZ", ""]], [{ code: "BLITZ", expectsDailyFeed: false, arrivalTrackedFrom: null }]],
  ] as const)("%s", (_name, rows, agencies) => {
    const parsed = dataHealthSettingsSchema.parse(formToDataHealthSettings(form([...base, ...rows.map((row) => [...row] as [string, string])])));
    expect(parsed).toMatchObject({ feedDeadline: "09:30", unworkedDays: 10, controlSigma: 2.5, agencies });
  });

  test.each([
    ["feedDeadline", "25:00"],
    ["unworkedDays", "0"],
    ["baselineWeeks", "3"],
    ["controlSigma", "7"],
  ])("%s = %s is refused", (name, value) => {
    const entries = base.map(([key, original]) => [key, key === name ? value : original] as [string, string]);
    expect(dataHealthSettingsSchema.safeParse(formToDataHealthSettings(form(entries))).success).toBe(false);
  });
});

test("an agency without a row expects a daily feed judged since always", () => {
  expect(feedSettingOf(defaultDataHealthSettings(), "ANCHOR")).toEqual({ code: "ANCHOR", expectsDailyFeed: true, arrivalTrackedFrom: null });
  expect(feedSettingOf({ ...defaultDataHealthSettings(), agencies: [{ code: "ANCHOR", expectsDailyFeed: false, arrivalTrackedFrom: null }] }, "anchor").expectsDailyFeed).toBe(false);
});
