import { describe, expect, test } from "vitest";
import { isTransientConflict, withConflictRetries } from "./transient-conflicts";

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe("isTransientConflict", () => {
  test.each([
    ["deadlock_detected", failure("40P01"), true],
    ["serialization_failure", failure("40001"), true],
    ["unique_violation", failure("23505"), false],
    ["lock_not_available", failure("55P03"), false],
    ["an error without a code", new Error("boom"), false],
    ["not an error", "40P01", false],
    ["null", null, false],
  ])("%s", (_name, error, expected) => {
    expect(isTransientConflict(error)).toBe(expected);
  });
});

describe("withConflictRetries", () => {
  test.each([
    // failures thrown by the first runs, attempts allowed, runs made, outcome
    [[], 3, 1, "done"],
    [["40P01"], 3, 2, "done"],
    [["40P01", "40001"], 3, 3, "done"],
    [["40P01", "40P01", "40P01"], 3, 3, "failed with 40P01"],
    [["23505"], 3, 1, "failed with 23505"],
    [["40001", "23505"], 3, 2, "failed with 23505"],
    [["40P01"], 1, 1, "failed with 40P01"],
  ])("failures %j with %i attempts: %i runs, %s", async (failures, attempts, runs, outcome) => {
    const made: number[] = [];
    const retried: number[] = [];
    const result = await withConflictRetries(
      async (attempt) => {
        made.push(attempt);
        const code = failures[attempt - 1];
        if (code) throw failure(code);
        return "done";
      },
      { attempts, onRetry: (_error, attempt) => void retried.push(attempt) },
    ).catch((error: Error) => error.message);
    expect(result).toBe(outcome);
    expect(made).toEqual(Array.from({ length: runs }, (_, index) => index + 1));
    expect(retried).toEqual(made.slice(0, -1));
  });
});
