// The "what would change" preview of a pack draft before anyone publishes it: the family's agencies evaluated in
// memory under the draft and under the published version, counted side by side; nothing is written.
import { getPool } from "~/db/pg.server";
import { customerChunks, evaluateChunk, loadEvaluationContext, type EvaluationFailure } from "./evaluate-rules.server";
import { parseRulePackParameters } from "./rule-pack";
import type { EvaluationPack, RuleViolation } from "./types";

export type WhatIfRow = { agencyId: number; agencyCode: string; ruleCode: string; current: number; draft: number; delta: number };

/** Findings a state rule made (./state-overlays), by state, rule and provision: included in the rows above too. */
export type WhatIfStateRow = { state: string; ruleCode: string; citation: string; current: number; draft: number; delta: number };

export type WhatIfResult = {
  code: string;
  /** The published version the draft is compared with; null for a family never published. */
  publishedVersion: number | null;
  /** Agencies judged by the family (assigned to it, or on the default when the default is this family). */
  agencyCodes: string[];
  customersEvaluated: number;
  eventsEvaluated: number;
  /** One row per agency and rule with a finding under either pack, by agency code then rule code. */
  rows: WhatIfRow[];
  stateRows: WhatIfStateRow[];
  totals: { current: number; draft: number };
  failures: EvaluationFailure[];
};

/**
 * How many violations the family's agencies would have had for activity in [from, to] under draft parameters,
 * against the published version: evaluated in memory over the same chunked loading as a real run (full history
 * before `from` read as context), nothing written. Throws RulePackError for invalid parameters.
 */
export async function whatIfRulePack(input: { code: string; draftParameters: unknown; from: Date; to: Date }): Promise<WhatIfResult> {
  const parameters = parseRulePackParameters(input.draftParameters);
  const context = await loadEvaluationContext();
  const published = context.packs.get(input.code) ?? null;
  const draftPack: EvaluationPack = { id: 0, code: input.code, version: (published?.version ?? 0) + 1, parameters };
  const scope = [...context.agencies].filter(([, agency]) => (agency.packCode ?? context.defaultCode) === input.code);
  const scopeIds = new Set(scope.map(([id]) => id));
  const result: WhatIfResult = {
    code: input.code,
    publishedVersion: published?.version ?? null,
    agencyCodes: scope.map(([, agency]) => agency.code).sort(),
    customersEvaluated: 0,
    eventsEvaluated: 0,
    rows: [],
    stateRows: [],
    totals: { current: 0, draft: 0 },
    failures: [],
  };
  if (scopeIds.size === 0) return result;

  const pool = getPool();
  const counts = new Map<string, WhatIfRow>();
  const count = (agencyId: number, ruleCode: string, field: "current" | "draft") => {
    const key = `${agencyId}:${ruleCode}`;
    let row = counts.get(key);
    if (!row) {
      row = { agencyId, agencyCode: context.agencies.get(agencyId)?.code ?? String(agencyId), ruleCode, current: 0, draft: 0, delta: 0 };
      counts.set(key, row);
    }
    row[field] += 1;
  };
  const stateCounts = new Map<string, WhatIfStateRow>();
  const countState = (violation: RuleViolation, field: "current" | "draft") => {
    const { state, stateRule } = violation.explanation.params;
    if (typeof state !== "string" || typeof stateRule !== "string") return;
    const key = `${state}:${violation.ruleCode}:${stateRule}`;
    let row = stateCounts.get(key);
    if (!row) {
      row = { state, ruleCode: violation.ruleCode, citation: stateRule, current: 0, draft: 0, delta: 0 };
      stateCounts.set(key, row);
    }
    row[field] += 1;
  };
  // Customers with activity of the family's agencies in the window; their other agencies' events are loaded too,
  // since cross-agency rules count them.
  const customers = await pool.query<[number]>({
    text: `SELECT DISTINCT a."customerId" FROM "ActivityEvent" e JOIN "Account" a ON a.id = e."accountId"
           WHERE e."agencyId" = ANY($1::int[]) AND e."occurredAt" >= $2 AND e."occurredAt" <= $3 ORDER BY 1`,
    values: [[...scopeIds], input.from, input.to],
    rowMode: "array",
  });
  const draftFor = (agencyId: number) => (scopeIds.has(agencyId) ? draftPack : context.packFor(agencyId));
  const customerIds = customers.rows.map((row) => row[0]);
  for await (const chunk of customerChunks(pool, customerIds, context, { until: input.to })) {
    const current = evaluateChunk(chunk, context, { triggerFrom: input.from });
    const draft = evaluateChunk(chunk, context, { triggerFrom: input.from, packFor: draftFor });
    result.eventsEvaluated += chunk.events.length;
    result.customersEvaluated += chunk.customerIds.length - current.failures.length;
    result.failures.push(...current.failures.slice(0, Math.max(0, 100 - result.failures.length)));
    for (const violation of current.violations) {
      if (!scopeIds.has(violation.agencyId)) continue;
      count(violation.agencyId, violation.ruleCode, "current");
      countState(violation, "current");
    }
    for (const violation of draft.violations) {
      if (!scopeIds.has(violation.agencyId)) continue;
      count(violation.agencyId, violation.ruleCode, "draft");
      countState(violation, "draft");
    }
  }
  result.rows = [...counts.values()]
    .map((row) => ({ ...row, delta: row.draft - row.current }))
    .sort((a, b) => (a.agencyCode < b.agencyCode ? -1 : a.agencyCode > b.agencyCode ? 1 : a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0));
  result.stateRows = [...stateCounts.values()]
    .map((row) => ({ ...row, delta: row.draft - row.current }))
    .sort((a, b) => (a.state < b.state ? -1 : a.state > b.state ? 1 : a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0));
  for (const row of result.rows) {
    result.totals.current += row.current;
    result.totals.draft += row.draft;
  }
  return result;
}
