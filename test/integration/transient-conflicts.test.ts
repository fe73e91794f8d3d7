import { randomInt } from "node:crypto";
import { expect, test } from "vitest";
import { withTransaction } from "~/db/pg.server";
import { withConflictRetries } from "~/db/transient-conflicts";

// A real deadlock on the test database: two transactions take two locks in opposite orders. PostgreSQL rolls one
// back as the victim; run again, it goes through once the other has committed, and both finish.
test("the victim of a real deadlock runs again and both transactions finish", async () => {
  const [first, second] = [randomInt(1, 2 ** 40), randomInt(1, 2 ** 40)];
  const runs: string[] = [];
  let bothHoldTheirFirstLock!: () => void;
  const firstLocksHeld = new Promise<void>((resolve) => {
    let held = 0;
    bothHoldTheirFirstLock = () => void (++held === 2 && resolve());
  });
  const transaction = (name: string, locks: [number, number]) =>
    withConflictRetries((attempt) =>
      withTransaction(async (client) => {
        runs.push(`${name} ${attempt}`);
        await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [locks[0]]);
        if (attempt === 1) {
          bothHoldTheirFirstLock();
          await firstLocksHeld;
        }
        await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [locks[1]]);
        return name;
      }),
    );
  expect(await Promise.all([transaction("A", [first, second]), transaction("B", [second, first])])).toEqual(["A", "B"]);
  // One of the two was the victim and ran a second time; neither ran a third.
  expect(runs.sort()).toHaveLength(3);
  expect(runs.filter((run) => run.endsWith(" 2"))).toHaveLength(1);
});
