import { z } from "zod";
import { formatDay, localDay } from "../local-time";
import type { PreparedRosterAgent, PreparedTraining } from "../rosters";
import type { ActivityType } from "../types";
import { activityType, base, fields, uniqueList } from "./parameters";
import { defineRule, localLabel, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Contacts a person makes: judged when OUTBOUND. */
  activityTypes: uniqueList(activityType),
  /** A training scored below this (0–100) does not count; a training reported without a score counts. */
  minimumScore: z.int().min(0).max(100),
  /**
   * Off: an agency that has never sent a roster is not judged (it would be flagged for every contact it ever made,
   * which says nothing about training and drowns everything else); its missing roster is a due-diligence matter.
   * On: every contact of such an agency is a violation.
   */
  judgeAgenciesWithoutRoster: z.boolean(),
});

type Params = z.output<typeof parameters>;

// GB/T 45251-2025 and the banking-association guideline require collectors to be trained before they work; CFPB
// Bulletin 2012-03 expects training of the service provider's staff. The same defaults in both packs.
const shipped = (): Params => ({
  enabled: true,
  severity: "MEDIUM",
  activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"],
  minimumScore: 60,
  judgeAgenciesWithoutRoster: false,
});

const compile = memoByParams((params: Params) => ({ types: new Set<ActivityType>(params.activityTypes) }));

function agentLabel(agent: PreparedRosterAgent | undefined, agentId: number): string {
  if (!agent) return `#${agentId}`;
  return agent.name ? `${agent.externalId} (${agent.name})` : agent.externalId;
}

/** The latest training taken on or before the day (by training day), whether or not still valid. */
function latestBefore(trainings: readonly PreparedTraining[], day: number): PreparedTraining | null {
  let latest: PreparedTraining | null = null;
  for (const training of trainings) if (training.trainedDay <= day) latest = training;
  return latest;
}

/**
 * An outbound contact by an agent without a valid training on the contact's day, or outside the agent's working
 * dates on the agency's roster (ADR 031). The day is the agency's calendar day, in the agency's zone: the roster's
 * dates and the certificate's last valid day are the agency's, whatever the debtor's zone. A training is valid from
 * its training day through its certificate's expiry day, both inclusive, if its score (when given) reaches the pass
 * mark.
 */
export const untrainedAgent = defineRule({
  code: "UNTRAINED_AGENT",
  parameters,
  defaults: { cn: shipped(), us: shipped() },
  fields: { activityTypes: fields.activityList, minimumScore: fields.integer, judgeAgenciesWithoutRoster: fields.boolean },
  explanations: [
    "rules.UNTRAINED_AGENT.noRoster",
    "rules.UNTRAINED_AGENT.notOnRoster",
    "rules.UNTRAINED_AGENT.beforeStart",
    "rules.UNTRAINED_AGENT.afterEnd",
    "rules.UNTRAINED_AGENT.noTraining",
    "rules.UNTRAINED_AGENT.expired",
    "rules.UNTRAINED_AGENT.failed",
  ],
  create(params, context, inputs) {
    const { types } = compile(params);

    return (event: PreparedEvent) => {
      if (event.direction !== "OUTBOUND" || !types.has(event.type) || !context.owns(event)) return;
      const agentId = event.source.agentId;
      if (agentId === null) return;
      const roster = inputs.rosters.get(event.agencyId);
      if (!roster) {
        if (params.judgeAgenciesWithoutRoster) context.emit(event, { key: "rules.UNTRAINED_AGENT.noRoster", params: { time: localLabel(event), agent: `#${agentId}` } });
        return;
      }
      const agent = roster.agents.get(agentId);
      const day = localDay(roster.clock.localMs(event.at));
      // The labels are written only for a finding: most contacts are by trained agents, and writing them cost more
      // than the check. (Not as closures: one made per event costs as much again.)
      if (!agent || agent.startDay === null) {
        context.emit(event, { key: "rules.UNTRAINED_AGENT.notOnRoster", params: { time: localLabel(event), agent: agentLabel(agent, agentId) } });
        return;
      }
      if (day < agent.startDay) {
        context.emit(event, { key: "rules.UNTRAINED_AGENT.beforeStart", params: { time: localLabel(event), agent: agentLabel(agent, agentId), startDate: formatDay(agent.startDay) } });
        return;
      }
      if (agent.endDay !== null && day > agent.endDay) {
        context.emit(event, { key: "rules.UNTRAINED_AGENT.afterEnd", params: { time: localLabel(event), agent: agentLabel(agent, agentId), endDate: formatDay(agent.endDay) } });
        return;
      }
      let failed: PreparedTraining | null = null;
      for (const training of agent.trainings) {
        if (training.trainedDay > day || training.expiresDay < day) continue;
        if (training.score === null || training.score >= params.minimumScore) return;
        failed = training;
      }
      if (failed) {
        context.emit(event, {
          key: "rules.UNTRAINED_AGENT.failed",
          params: { time: localLabel(event), agent: agentLabel(agent, agentId), day: formatDay(day), course: failed.course, score: failed.score ?? "", minimumScore: params.minimumScore },
        });
        return;
      }
      const latest = latestBefore(agent.trainings, day);
      if (latest) {
        context.emit(event, {
          key: "rules.UNTRAINED_AGENT.expired",
          params: { time: localLabel(event), agent: agentLabel(agent, agentId), day: formatDay(day), course: latest.course, trainedOn: formatDay(latest.trainedDay), expiredOn: formatDay(latest.expiresDay) },
        });
        return;
      }
      context.emit(event, { key: "rules.UNTRAINED_AGENT.noTraining", params: { time: localLabel(event), agent: agentLabel(agent, agentId), day: formatDay(day) } });
    };
  },
});
