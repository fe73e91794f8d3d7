import { describe, expect, test } from "vitest";
import { orderByDependencies } from "./backup";

describe("orderByDependencies", () => {
  test.each([
    ["no references: by name", ["b", "a", "c"], [], ["a", "b", "c"]],
    ["parent before child", ["Event", "Agency", "Placement"], [{ child: "Event", parent: "Placement" }, { child: "Placement", parent: "Agency" }], ["Agency", "Placement", "Event"]],
    ["references to tables outside the list are ignored", ["a"], [{ child: "a", parent: "z" }], ["a"]],
    ["a cycle is broken in name order", ["x", "y", "a"], [{ child: "x", parent: "y" }, { child: "y", parent: "x" }], ["a", "x", "y"]],
  ])("%s", (_name, names, references, expected) => {
    expect(orderByDependencies(names, references)).toEqual(expected);
  });
});
