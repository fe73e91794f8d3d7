// Where the consumer may be, for the time-of-day rules (12 CFR 1006.6(b)(1)(i); comment 6(b)(1)(i)-1: with
// conflicting or missing location information, a time is convenient only if it is convenient in every zone the
// consumer may be in). The lender's placement file may say (`timeZone`, `possible_timezones`); when it gives no
// further zones, the North American area codes of the debtor's numbers stand in (Fla. Stat. §559.72(17) states the
// same presumption: a call is received in "the local time zone assigned to the area code of the number called");
// when it gives no zone at all, the area code's zone comes before the agency's. Explanations name the fallback.

/** How the account's zone was chosen: the lender's record, the area code of a number on file, or the agency's zone. */
export type TimeZoneSource = "DEBTOR" | "AREA_CODE" | "AGENCY";
/** Where the further zones came from: the lender's placement file, or the area codes of the numbers on file. */
export type PossibleTimeZonesSource = "LENDER" | "AREA_CODE";

export interface AccountZones {
  timeZone: string;
  timeZoneSource: TimeZoneSource;
  possibleTimeZones: string[];
  possibleTimeZonesSource: PossibleTimeZonesSource;
}

/**
 * Only accounts of a North American consumer read area codes: a Chinese mobile number (11 digits from 1) reads as a
 * plausible +1 number, so the account's own zone must already place it in the Americas or the Pacific.
 */
export function isNorthAmericanZone(zone: string): boolean {
  return zone.startsWith("America/") || zone.startsWith("Pacific/") || zone.startsWith("US/") || zone.startsWith("Canada/");
}

/**
 * The zones an account is judged in. `debtorZone` is the lender's usable zone for the debtor or null;
 * `agencyZone` the zone of the agency holding the account; `lenderPossible` the placement file's further zones;
 * `areaCodeZones` the zones of the area codes of the numbers on file (empty when none could be read).
 */
export function resolveAccountZones(input: {
  debtorZone: string | null;
  agencyZone: string;
  lenderPossible: readonly string[];
  areaCodeZones: readonly string[];
}): AccountZones {
  const { debtorZone, agencyZone, lenderPossible } = input;
  const anchor = debtorZone ?? agencyZone;
  const areaCodeZones = isNorthAmericanZone(anchor) ? input.areaCodeZones : [];
  if (lenderPossible.length > 0 || areaCodeZones.length === 0) {
    return {
      timeZone: anchor,
      timeZoneSource: debtorZone === null ? "AGENCY" : "DEBTOR",
      possibleTimeZones: lenderPossible.filter((zone) => zone !== anchor),
      possibleTimeZonesSource: "LENDER",
    };
  }
  const timeZone = debtorZone ?? areaCodeZones[0]!;
  return {
    timeZone,
    timeZoneSource: debtorZone === null ? "AREA_CODE" : "DEBTOR",
    possibleTimeZones: areaCodeZones.filter((zone) => zone !== timeZone),
    possibleTimeZonesSource: "AREA_CODE",
  };
}
