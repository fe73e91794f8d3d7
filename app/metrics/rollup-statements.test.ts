import { describe, expect, test } from "vitest";
import { PLACEMENTS_CHANGED, rebuildStepGroups, rebuildSteps, refreshChunkSteps, rollupTables, type RollupStep } from "./rollup-statements";

// Every statement a refresh and a rebuild send, printed in order into reviewed files: the SQL is assembled from
// helpers, so these files are where it can be read whole, and a change to a helper shows as a diff of the final
// statements. `npx vitest run app/metrics/rollup-statements.test.ts -u` rewrites them after a deliberate change.

const parameters: Record<RollupStep["params"], string> = { none: "no parameters", accounts: "$1 account ids", accountsAndZone: "$1 account ids, $2 reporting time zone" };

function printed(steps: RollupStep[]): string {
  return `${steps.map((step, index) => `-- ${index + 1}. ${step.what} (${parameters[step.params]})\n${step.sql.trim()};\n`).join("\n")}`;
}

describe("the roll-up statements", () => {
  test("a refresh of a chunk of accounts", async () => {
    await expect(printed(refreshChunkSteps())).toMatchFileSnapshot("__snapshots__/refresh-chunk.sql");
  });

  test("a rebuild of every roll-up", async () => {
    await expect(printed(rebuildSteps())).toMatchFileSnapshot("__snapshots__/rebuild.sql");
  });

  test("a refresh reads account ids only as $1 and the zone only as $2, and asks about placements exactly once", () => {
    const steps = refreshChunkSteps();
    expect(steps.filter((step) => step.what === PLACEMENTS_CHANGED)).toHaveLength(1);
    for (const step of steps) {
      expect(step.sql.includes("$2"), step.what).toBe(step.params === "accountsAndZone");
      if (step.params === "none") expect(step.sql, step.what).not.toMatch(/\$\d/);
    }
  });

  test("in a rebuild only the fact queries take parameters (every account, the zone)", () => {
    for (const step of rebuildSteps()) expect(step.params === "none", step.what).toBe(!/\$\d/.test(step.sql));
  });

  test("the rebuild's groups share no table, write only their own, and send the rebuild's statements", () => {
    const groups = rebuildStepGroups();
    expect(groups.flatMap((group) => group.tables).sort()).toEqual([...rollupTables].sort());
    const withoutTruncates = (steps: RollupStep[]) => steps.filter((step) => !step.sql.startsWith("TRUNCATE")).map((step) => step.sql).sort();
    expect(withoutTruncates(groups.flatMap((group) => group.steps))).toEqual(withoutTruncates(rebuildSteps()));
    for (const group of groups) {
      const written = group.steps.flatMap((step) => [...step.sql.matchAll(/(?:INSERT INTO|TRUNCATE|DELETE FROM|UPDATE) ((?:"\w+"(?:, )?)+)/g)].flatMap((match) => match[1]!.split(", ").map((name) => name.slice(1, -1))));
      expect(new Set(written), group.tables[0]).toEqual(new Set(group.tables));
      // What a group reads of the roll-ups is its own: the aggregates are built from the group's fact tables.
      for (const other of rollupTables.filter((table) => !group.tables.includes(table))) {
        for (const step of group.steps) expect(step.sql.includes(`"${other}"`), `${step.what} reads ${other}`).toBe(false);
      }
    }
  });
});
