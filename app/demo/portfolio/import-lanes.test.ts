import { describe, expect, test } from "vitest";
import { importInLanes } from "./import-lanes";

type File = { agencyCode: string; name: string; ms: number };
const file = (agencyCode: string, name: string, ms = 1): File => ({ agencyCode, name, ms });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the files, recording start and end order, and how many ran at once. */
async function run(files: File[], lanes: number) {
  const events: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const runningAgencies = new Set<string>();
  let sameAgencyAtOnce = false;
  const results = await importInLanes(files, lanes, async (item) => {
    if (runningAgencies.has(item.agencyCode)) sameAgencyAtOnce = true;
    runningAgencies.add(item.agencyCode);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    events.push(`start ${item.name}`);
    await pause(item.ms);
    events.push(`end ${item.name}`);
    running -= 1;
    runningAgencies.delete(item.agencyCode);
    return item.name.toUpperCase();
  });
  return { results, events, mostAtOnce, sameAgencyAtOnce };
}

describe("importInLanes", () => {
  test.each([
    { lanes: 1, expectedAtOnce: 1 },
    { lanes: 2, expectedAtOnce: 2 },
    { lanes: 3, expectedAtOnce: 3 },
  ])("$lanes lane(s): results in the files' order, at most $expectedAtOnce at once, never one agency twice", async ({ lanes, expectedAtOnce }) => {
    const files = [file("A", "a1", 20), file("B", "b1", 5), file("C", "c1", 5), file("A", "a2"), file("B", "b2"), file("C", "c2"), file("A", "a3")];
    const outcome = await run(files, lanes);
    expect(outcome.results).toEqual(files.map((item) => item.name.toUpperCase()));
    expect(outcome.mostAtOnce).toBe(expectedAtOnce);
    expect(outcome.sameAgencyAtOnce).toBe(false);
    for (const agency of ["a", "b", "c"]) {
      const ends = outcome.events.filter((event) => event.startsWith("end ") && event.includes(` ${agency}`));
      expect(ends).toEqual([...ends].sort());
    }
  });

  test("an agency's later file waits for its earlier one while another agency's file goes ahead", async () => {
    const outcome = await run([file("A", "a1", 30), file("A", "a2"), file("B", "b1")], 2);
    expect(outcome.events.indexOf("start b1")).toBeLessThan(outcome.events.indexOf("end a1"));
    expect(outcome.events.indexOf("start a2")).toBeGreaterThan(outcome.events.indexOf("end a1"));
  });

  test("a failure stops the lanes from taking new files and is thrown", async () => {
    const started: string[] = [];
    const failing = importInLanes([file("A", "a1"), file("B", "b1"), file("A", "a2"), file("B", "b2")], 2, async (item) => {
      started.push(item.name);
      await pause(2);
      if (item.name === "a1") throw new Error("a1 was refused");
      return item.name;
    });
    await expect(failing).rejects.toThrow("a1 was refused");
    expect(started).not.toContain("a2");
  });
});
