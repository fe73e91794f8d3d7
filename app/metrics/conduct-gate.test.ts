import { describe, expect, test } from "vitest";
import { applyConductGate, defaultConductGate, type ConductGate } from "./conduct-gate";
import type { Grade } from "./metric-types";

const gate: ConductGate = { enabled: true, highViolationsPer1000Contacts: 1, capGrade: "D" };
const capAtC: ConductGate = { enabled: true, highViolationsPer1000Contacts: 2.5, capGrade: "C" };

describe("applyConductGate", () => {
  test.each<[Grade | null, number | null, ConductGate, Grade | null, boolean]>([
    ["A", 0, gate, "A", false],
    ["A", 1, gate, "A", false], // exactly at the threshold: not above it
    ["A", 1.01, gate, "D", true],
    ["C", 2.4, gate, "D", true],
    ["D", 9, gate, "D", false], // already at or below the cap: nothing to cap
    ["B", 3, capAtC, "C", true],
    ["D", 3, capAtC, "D", false],
    ["B", 2.5, capAtC, "B", false],
    [null, 50, gate, null, false], // no grade stays no grade
    ["A", null, gate, "A", false], // no outbound contact: no rate to judge
    ["A", 50, { ...gate, enabled: false }, "A", false],
  ])("grade %s at %s HIGH per 1,000 with %j → %s (capped %s)", (grade, rate, setting, expected, capped) => {
    const result = applyConductGate(grade, rate, setting);
    expect(result.grade).toBe(expected);
    expect(result.capped).toBe(capped);
    expect(result.uncappedGrade).toBe(grade);
    expect(result.highViolationsPer1000Contacts).toBe(rate);
  });

  test("the default gate caps at D above 5 HIGH violations per 1,000 contacts", () => {
    expect(defaultConductGate).toEqual({ enabled: true, highViolationsPer1000Contacts: 5, capGrade: "D" });
    expect(applyConductGate("B", 5, defaultConductGate).grade).toBe("B");
    expect(applyConductGate("B", 5.1, defaultConductGate).grade).toBe("D");
  });
});
