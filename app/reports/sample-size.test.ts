import { expect, test } from "vitest";
import { sampleIndices, sampleSize, seedFromText } from "./sample-size";

test.each([
  [0, 0],
  [1, 1],
  [10, 10],
  [50, 45],
  [100, 80],
  [200, 132],
  [500, 218],
  [1_000, 278],
  [10_000, 370],
  [100_000, 383],
  [10_000_000, 385],
])("a population of %i needs %i cases (95%% ±5%%)", (population, expected) => {
  expect(sampleSize(population)).toBe(expected);
});

test.each([
  [200, { marginOfError: 0.1 }, 66],
  [1_000, { z: 2.575829 }, 400],
])("population %i with %j needs %i", (population, options, expected) => {
  expect(sampleSize(population, options)).toBe(expected);
});

test.each([[-1], [1.5], [Number.NaN]])("population %s is refused", (population) => {
  expect(() => sampleSize(population)).toThrow(RangeError);
});

test("the same seed draws the same sample; another seed draws another", () => {
  const first = sampleIndices(1_000, 132, seedFromText("report 7 BLITZ"));
  const again = sampleIndices(1_000, 132, seedFromText("report 7 BLITZ"));
  const other = sampleIndices(1_000, 132, seedFromText("report 8 BLITZ"));
  expect(again).toEqual(first);
  expect(other).not.toEqual(first);
});

test.each([
  [10, 3],
  [200, 132],
  [5, 5],
  [5, 9],
  [0, 4],
])("from %i cases, %i are drawn distinct, in range and in order", (population, size, ) => {
  const indices = sampleIndices(population, size, 42);
  expect(indices).toHaveLength(Math.min(population, size));
  expect(new Set(indices).size).toBe(indices.length);
  for (const index of indices) expect(index >= 0 && index < population).toBe(true);
  expect([...indices].sort((a, b) => a - b)).toEqual(indices);
});

test("every case is equally likely to be drawn", () => {
  const counts = new Array<number>(10).fill(0);
  for (let seed = 0; seed < 5_000; seed++) for (const index of sampleIndices(10, 3, seed)) counts[index] = (counts[index] ?? 0) + 1;
  // Expected 1,500 per case; 5 standard deviations is about ±160.
  for (const count of counts) expect(Math.abs(count - 1_500)).toBeLessThan(170);
});

test.each([
  ["", 0x811c9dc5],
  ["a", 0xe40c292c],
])("seedFromText(%j) is the FNV-1a hash %i", (text, expected) => {
  expect(seedFromText(text)).toBe(expected);
});
