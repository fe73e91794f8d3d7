// Local wall-clock arithmetic for the debtor's zone. Rules need three things per event: the local calendar day (as
// an integer, so windows are subtraction), the local second of the day, and a readable label for explanations.
// Asking Intl for every event (what luxon's DateTime does) costs microseconds each; a million events would spend
// seconds there. UTC offsets only change at rare transitions, so the offset is cached per zone and UTC day (per hour
// on the days that hold a transition).
import { IANAZone } from "luxon";
import { isKnownTimeZone } from "~/clock/time-zones";
import { RuleInputError, type CalendarDate, type Instant } from "./types";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Caches that outgrow these are cleared rather than grown: ~20 years of hours, ~500 years of days, in one zone. */
const MAX_CACHED_HOURS = 200_000;
const MAX_CACHED_DAYS = 200_000;

export class ZoneClock {
  /** Per UTC day: its offset, or null for a day holding a transition (answered per hour). */
  private readonly dayOffsets = new Map<number, number | null>();
  private readonly offsets = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly zone: IANAZone,
  ) {}

  /** Minutes east of UTC at the instant. */
  offsetMinutes(epochMs: number): number {
    // A year of events in a zone is 365 days but 8,760 hours, and each hour not yet known costs two Intl lookups:
    // per hour, these lookups were a tenth of a full rule run over a year of a portfolio spread over many zones.
    const day = Math.floor(epochMs / DAY_MS);
    const dayOffset = this.dayOffsets.get(day);
    if (dayOffset !== undefined && dayOffset !== null) return dayOffset;
    if (dayOffset === undefined) {
      const atStart = this.zone.offset(day * DAY_MS);
      const atEnd = this.zone.offset(day * DAY_MS + DAY_MS - 1);
      // Equal at both ends: no transition that day (no zone changes its offset and back within a day).
      const known = atStart === atEnd ? atStart : null;
      if (this.dayOffsets.size >= MAX_CACHED_DAYS) this.dayOffsets.clear();
      this.dayOffsets.set(day, known);
      if (known !== null) return known;
    }
    const hour = Math.floor(epochMs / HOUR_MS);
    const cached = this.offsets.get(hour);
    if (cached !== undefined) return cached;
    const start = hour * HOUR_MS;
    const atStart = this.zone.offset(start);
    const atEnd = this.zone.offset(start + HOUR_MS - 1);
    // Equal offsets at both ends of the hour mean no transition inside it (no zone changes twice within an hour);
    // the hour holding a transition is answered exactly and left uncached.
    if (atStart !== atEnd) return this.zone.offset(epochMs);
    if (this.offsets.size >= MAX_CACHED_HOURS) this.offsets.clear();
    this.offsets.set(hour, atStart);
    return atStart;
  }

  /** The instant shifted to local wall-clock time, expressed as if it were UTC (so UTC getters read local fields). */
  localMs(epochMs: number): number {
    return epochMs + this.offsetMinutes(epochMs) * MINUTE_MS;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of an IANA zone; throws RuleInputError for a name the runtime does not know. */
export function zoneClock(name: string): ZoneClock {
  let clock = clocks.get(name);
  if (!clock) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new RuleInputError(`Unknown time zone "${name}"`);
    clock = new ZoneClock(name, zone);
    clocks.set(name, clock);
  }
  return clock;
}

/**
 * The zone to put in RuleAccount.timeZone: the debtor's (Account.timeZone) when it is a zone the runtime knows,
 * else the agency's (Agency.timeZone is required). Use the agency the account is placed with.
 */
export function resolveTimeZone(accountTimeZone: string | null | undefined, agencyTimeZone: string): string {
  return accountTimeZone && isKnownTimeZone(accountTimeZone) ? accountTimeZone : agencyTimeZone;
}

/** Local day number: days since 1970-01-01 of the local calendar date. */
export function localDay(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

export function localSecondOfDay(localMs: number): number {
  return Math.floor((localMs - localDay(localMs) * DAY_MS) / 1000);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** "yyyy-MM-dd" of a local day number. */
export function formatDay(day: number): string {
  const date = new Date(day * DAY_MS);
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** "yyyy-MM-dd HH:mm" of a local wall-clock time; readable in English and Chinese alike. */
export function formatLocalMs(localMs: number): string {
  const date = new Date(localMs);
  return `${formatDay(localDay(localMs))} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}

/** "HH:mm" → seconds after local midnight ("24:00" → 86400). */
export function secondsOfTimeOfDay(hhmm: string): number {
  const [hours = "0", minutes = "0"] = hhmm.split(":");
  return Number(hours) * 3600 + Number(minutes) * 60;
}

const isoInstantWithZone = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function toEpochMs(value: Instant, what: string): number {
  let ms: number;
  if (typeof value === "number") ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else {
    // An ISO string without a zone would be read in the server's zone by Date.parse: refuse it instead.
    if (!isoInstantWithZone.test(value.trim())) throw new RuleInputError(`${what}: "${value}" has no UTC offset`);
    ms = Date.parse(value);
  }
  if (!Number.isFinite(ms)) throw new RuleInputError(`${what}: "${String(value)}" is not a valid instant`);
  return ms;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as a day number comparable with `localDay`. */
export function dayOfCalendarDate(value: CalendarDate, what: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw new RuleInputError(`${what}: invalid date`);
    return Math.floor(ms / DAY_MS);
  }
  const match = isoDate.exec(value.slice(0, 10));
  if (!match || (value.length > 10 && value[10] !== "T")) throw new RuleInputError(`${what}: "${value}" is not a yyyy-MM-dd date`);
  const [, year, month, day] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (formatDay(ms / DAY_MS) !== value.slice(0, 10)) throw new RuleInputError(`${what}: "${value}" is not a calendar date`);
  return ms / DAY_MS;
}
