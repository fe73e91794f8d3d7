// Agencies' rosters for the rule engine (rule UNTRAINED_AGENT, ADR 031): dates turned into day numbers once per run,
// since a run judges many customers against the same few hundred agents.
import { dayOfCalendarDate, zoneClock, type ZoneClock } from "./local-time";
import type { RuleAgencyRoster } from "./types";

export interface PreparedTraining {
  readonly course: string;
  readonly trainedDay: number;
  readonly expiresDay: number;
  readonly score: number | null;
}

export interface PreparedRosterAgent {
  readonly externalId: string;
  readonly name: string | null;
  /** null: never on a roster. */
  readonly startDay: number | null;
  readonly endDay: number | null;
  /** By training day. */
  readonly trainings: readonly PreparedTraining[];
}

export interface PreparedRoster {
  readonly clock: ZoneClock;
  readonly agents: ReadonlyMap<number, PreparedRosterAgent>;
}

/** Agency id → its roster; an agency absent has never sent one. */
export type PreparedRosters = ReadonlyMap<number, PreparedRoster>;

export function prepareRosters(rosters: readonly RuleAgencyRoster[]): PreparedRosters {
  const prepared = new Map<number, PreparedRoster>();
  for (const roster of rosters) {
    const agents = new Map<number, PreparedRosterAgent>();
    for (const agent of roster.agents) {
      const what = `agent ${agent.externalId} of agency ${roster.agencyId}`;
      agents.set(agent.id, {
        externalId: agent.externalId,
        name: agent.name,
        startDay: agent.startDate === null ? null : dayOfCalendarDate(agent.startDate, `${what}: startDate`),
        endDay: agent.endDate === null ? null : dayOfCalendarDate(agent.endDate, `${what}: endDate`),
        trainings: agent.trainings
          .map((training) => ({
            course: training.course,
            trainedDay: dayOfCalendarDate(training.trainedOn, `${what}: trainedOn`),
            expiresDay: dayOfCalendarDate(training.certificateExpiresOn, `${what}: certificateExpiresOn`),
            score: training.score === null ? null : Number(training.score),
          }))
          .sort((a, b) => a.trainedDay - b.trainedDay || a.expiresDay - b.expiresDay),
      });
    }
    prepared.set(roster.agencyId, { clock: zoneClock(roster.timeZone), agents });
  }
  return prepared;
}
