// Each demo agency's roster (import kind AGENTS): every collector its activity files name, trained before the window
// and certified beyond it, except a few BLITZ collectors whose certificate lapses halfway through the year and who go
// on working (rule UNTRAINED_AGENT, ADR 031). Chinese agencies send Chinese headers, the US ones English.
import type { Region } from "./behaviour";
import type { PortfolioWindow } from "./plan";

export type RosterAgent = { externalId: string; name: string };

/** BLITZ collectors (the last ones of its list) who keep working after their certificate lapsed. */
export const DEMO_LAPSED_AGENTS = 3;
/** Days after the window's first day on which their certificates expire. */
export const DEMO_LAPSE_AFTER_DAYS = 150;

const DAY_MS = 86_400_000;
const day = (window: PortfolioWindow, offsetDays: number) => new Date(window.startMs + offsetDays * DAY_MS).toISOString().slice(0, 10);

export const rosterHeaders: Record<Region, readonly string[]> = {
  cn: ["工号", "催收员姓名", "入职日期", "离职日期", "培训课程", "培训日期", "成绩", "证书有效期"],
  us: ["agent_id", "agent_name", "start_date", "end_date", "training_course", "training_date", "score", "certificate_expiry"],
};

const courses: Record<Region, { current: string; lapsed: string }> = {
  cn: { current: "催收合规培训（年度）", lapsed: "催收合规培训（上年度）" },
  us: { current: "FDCPA / Reg F annual training", lapsed: "FDCPA / Reg F annual training (previous year)" },
};

/** The roster's rows, in the header's order (blank end dates: everyone still works there). */
export function rosterRows(agencyCode: string, region: Region, agents: readonly RosterAgent[], window: PortfolioWindow): string[][] {
  return agents.map((agent, index) => {
    const lapsed = agencyCode === "BLITZ" && index >= agents.length - DEMO_LAPSED_AGENTS;
    const score = String(70 + ((index * 7) % 28));
    return lapsed
      ? [agent.externalId, agent.name, day(window, -700 + index), "", courses[region].lapsed, day(window, DEMO_LAPSE_AFTER_DAYS - 365), score, day(window, DEMO_LAPSE_AFTER_DAYS)]
      : [agent.externalId, agent.name, day(window, -700 + index), "", courses[region].current, day(window, -20 - (index % 10)), score, day(window, window.days + 365)];
  });
}
