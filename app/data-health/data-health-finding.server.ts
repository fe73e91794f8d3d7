// A data-health item raised as a finding through app/findings: the item is recomputed from the data first (an item
// the data no longer shows is refused), and its figures become the finding's evidence. The title, like the titles
// of findings raised by rule, is made of codes (kind, agency, agent, days), so it reads the same in both languages.
import type { FindingActorRef } from "~/findings/finding-types";
import { raiseFindingFromDataHealth, type RaiseFindingResult } from "~/findings/findings.server";
import { computeDataHealth, type DataHealthItem } from "./data-health.server";

export class DataHealthItemGone extends Error {
  constructor(readonly key: string) {
    super(`The data no longer shows the item ${key}: reload the data health page.`);
  }
}

export function findingTitleOf(item: DataHealthItem): string {
  const period = item.from === item.to ? item.from : `${item.from} – ${item.to}`;
  const metric = typeof item.figures.metric === "string" ? ` ${item.figures.metric}` : "";
  return [`${item.kind}${metric}`, item.agencyCode, item.agentExternalId, period].filter(Boolean).join(" · ");
}

function descriptionOf(item: DataHealthItem): string {
  const figures = Object.entries(item.figures).map(([name, value]) => `${name}: ${value ?? "—"}`);
  const samples = item.samples.length > 0 ? [`accounts: ${item.samples.join(", ")}`] : [];
  return [`Data health item ${item.key}.`, ...figures, ...samples].join("\n");
}

export async function raiseDataHealthFinding(input: { month: string; agencyId: number; key: string }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const report = await computeDataHealth({ month: input.month, agencyIds: [input.agencyId], now });
  const item = report.agencies[0]?.items.find((candidate) => candidate.key === input.key);
  if (!item) throw new DataHealthItemGone(input.key);
  return raiseFindingFromDataHealth(
    { agencyId: item.agencyId, agentId: item.agentId, item: item.key, itemKind: item.kind, figures: item.figures, from: item.from, to: item.to, title: findingTitleOf(item), description: descriptionOf(item) },
    actor,
    now,
  );
}
