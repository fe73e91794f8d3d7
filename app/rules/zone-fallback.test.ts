import { describe, expect, test } from "vitest";
import { resolveAccountZones, type AccountZones } from "./zone-fallback";

const NY = "America/New_York";
const LA = "America/Los_Angeles";
const CHI = "America/Chicago";
const SH = "Asia/Shanghai";

describe("where the consumer may be: §1006.6(b)(1)(i), comment 6(b)(1)(i)-1 (every possible zone), the area code as Fla. Stat. §559.72(17) presumes", () => {
  test.each<[string, Parameters<typeof resolveAccountZones>[0], AccountZones]>([
    [
      "the lender's zone and further zones: area codes are not read",
      { debtorZone: NY, agencyZone: CHI, lenderPossible: [LA], areaCodeZones: [CHI] },
      { timeZone: NY, timeZoneSource: "DEBTOR", possibleTimeZones: [LA], possibleTimeZonesSource: "LENDER" },
    ],
    [
      "the lender's zone, no further zones: a number's area code in another zone is a further possible zone",
      { debtorZone: NY, agencyZone: CHI, lenderPossible: [], areaCodeZones: [LA] },
      { timeZone: NY, timeZoneSource: "DEBTOR", possibleTimeZones: [LA], possibleTimeZonesSource: "AREA_CODE" },
    ],
    [
      "the area code agrees with the lender's zone: nothing further",
      { debtorZone: NY, agencyZone: CHI, lenderPossible: [], areaCodeZones: [NY] },
      { timeZone: NY, timeZoneSource: "DEBTOR", possibleTimeZones: [], possibleTimeZonesSource: "AREA_CODE" },
    ],
    [
      "no zone from the lender: the first area code's zone stands in before the agency's, the others stay possible",
      { debtorZone: null, agencyZone: CHI, lenderPossible: [], areaCodeZones: [LA, NY] },
      { timeZone: LA, timeZoneSource: "AREA_CODE", possibleTimeZones: [NY], possibleTimeZonesSource: "AREA_CODE" },
    ],
    [
      "no zone from the lender and no readable area code: the agency's zone, named as the fallback",
      { debtorZone: null, agencyZone: CHI, lenderPossible: [], areaCodeZones: [] },
      { timeZone: CHI, timeZoneSource: "AGENCY", possibleTimeZones: [], possibleTimeZonesSource: "LENDER" },
    ],
    [
      "a Chinese debtor: an 11-digit mobile is no North American number, whatever it parses as",
      { debtorZone: SH, agencyZone: SH, lenderPossible: [], areaCodeZones: [NY] },
      { timeZone: SH, timeZoneSource: "DEBTOR", possibleTimeZones: [], possibleTimeZonesSource: "LENDER" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(resolveAccountZones(input)).toEqual(expected);
  });
});
