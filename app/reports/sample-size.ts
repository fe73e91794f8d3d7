// How many cases an auditor reviews by hand: Cochran's formula for a proportion at 95% confidence and ±5% margin,
// with the worst-case proportion 0.5, reduced by the finite population correction. For 200 placements a month it
// gives 132, the figure audit practice quotes (docs/domain/DOMAIN.md). The sample itself is drawn with a PRNG seeded
// by the report, so the same report always names the same cases.
import { seededRandom } from "~/demo/seeded-random";

export type SampleSizeOptions = { z?: number; marginOfError?: number; proportion?: number };

/** z for 95% two-sided confidence. */
export const Z_95 = 1.959964;

/** Cochran's n0 = z²·p(1−p)/e², corrected for a population of `population`: n = n0 / (1 + (n0 − 1)/N), rounded up. */
export function sampleSize(population: number, options: SampleSizeOptions = {}): number {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
  if (population === 0) return 0;
  const z = options.z ?? Z_95;
  const e = options.marginOfError ?? 0.05;
  const p = options.proportion ?? 0.5;
  if (!(e > 0 && e < 1)) throw new RangeError(`marginOfError must be between 0 and 1, got ${e}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`proportion must be between 0 and 1, got ${p}`);
  const n0 = (z * z * p * (1 - p)) / (e * e);
  const corrected = n0 / (1 + (n0 - 1) / population);
  // A tiny tolerance so that floating-point noise never adds a whole case.
  return Math.min(population, Math.ceil(corrected - 1e-9));
}

/** A 32-bit seed from text (FNV-1a), so "report 17, agency BLITZ" always seeds the same sequence. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * `size` distinct indices of 0..population−1, chosen uniformly by a partial Fisher–Yates shuffle driven by the seed,
 * returned in ascending order (the order cases are listed in). Deterministic for a given seed and population.
 */
export function sampleIndices(population: number, size: number, seed: number): number[] {
  const count = Math.max(0, Math.min(size, population));
  const random = seededRandom(seed);
  // Only the swapped positions are stored, so a large population costs no more memory than the sample.
  const swapped = new Map<number, number>();
  const chosen: number[] = [];
  for (let position = 0; position < count; position++) {
    const pick = position + Math.floor(random() * (population - position));
    const picked = swapped.get(pick) ?? pick;
    swapped.set(pick, swapped.get(position) ?? position);
    chosen.push(picked);
  }
  return chosen.sort((a, b) => a - b);
}
