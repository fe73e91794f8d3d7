// The mix-adjusted recovery index's arithmetic (docs/METRICS.md) over column arrays of every placement: pure and
// allocation-light, so a filter costs a pass over typed arrays, not a database round trip per placement. The
// columns are read once per placement generation (get-agency-scorecards.server.ts); this module never fetches.

/** Every placement, one entry per index; payments in CSR form (`paymentStart[i]` … `paymentStart[i + 1]`). */
export type PlacementColumns = {
  count: number;
  agencyId: Int32Array;
  accountId: Int32Array;
  /** The placements' indexes ordered by agency, account and index (placement-columns.ts, unitOrderOf). */
  unitOrder: Int32Array;
  /** Index into `segments` (product | days-past-due bucket | balance band). */
  segment: Int32Array;
  segments: string[];
  /** Index into `products` / `dpdBuckets`, for the filters. */
  product: Int32Array;
  products: string[];
  dpdBucket: Int32Array;
  dpdBuckets: string[];
  /** Days since 1970-01-01. */
  placedDay: Int32Array;
  /** year × 12 + month and day of month of the placement day. */
  placedMonthIndex: Int32Array;
  placedDayOfMonth: Int32Array;
  /** Days since 1970-01-01, −1 when not recalled. */
  recalledDay: Int32Array;
  /** Whole months from the placement day to the day after the recall (completeMonthsBetween); −1 when not recalled. */
  recallHorizon: Int32Array;
  balance: Float64Array;
  paymentStart: Int32Array;
  paymentMonth: Int32Array;
  paymentAmount: Float64Array;
};

export type IndexFilters = { from: string; to: string; agencyIds?: readonly number[]; product?: string; dpdBucket?: string };

export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/**
 * Per agency (in the filter), each account's actual and expected collections, accounts in ascending id order (the
 * bootstrap's units: an account's placements with the agency travel together).
 */
export function indexUnitsByAgency(columns: PlacementColumns, filters: IndexFilters): Map<number, { actual: Float64Array; expected: Float64Array }> {
  const { count } = columns;
  const fromDay = dayNumber(filters.from);
  const toDay = dayNumber(filters.to);
  // Observed until the day after the period (or after the recall, when that comes first).
  const after = new Date((toDay + 1) * 86_400_000);
  const endMonthIndex = after.getUTCFullYear() * 12 + after.getUTCMonth() + 1;
  const endDayOfMonth = after.getUTCDate();
  const endIsLastOfMonth = new Date((toDay + 2) * 86_400_000).getUTCDate() === 1;

  const horizon = new Int32Array(count);
  let maxHorizon = 0;
  for (let index = 0; index < count; index++) {
    if (columns.placedDay[index]! > toDay) {
      horizon[index] = -1;
      continue;
    }
    const recalled = columns.recalledDay[index]!;
    let months: number;
    if (recalled >= 0 && recalled < toDay) months = columns.recallHorizon[index]!;
    else {
      months = endMonthIndex - columns.placedMonthIndex[index]!;
      if (endDayOfMonth < columns.placedDayOfMonth[index]! && !endIsLastOfMonth) months -= 1;
      if (months < 0) months = 0;
    }
    horizon[index] = months;
    if (months > maxHorizon) maxHorizon = months;
  }

  // The portfolio's rate of each segment at m months, by difference arrays: a placement observed h months adds its
  // balance to every m ≤ h, and what it collected in month k to every m with k ≤ m ≤ h.
  const segmentCount = columns.segments.length;
  const width = maxHorizon + 2;
  const collectedDelta = new Float64Array(segmentCount * width);
  const balanceDelta = new Float64Array(segmentCount * width);
  const actual = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const h = horizon[index]!;
    if (h < 1) continue;
    const base = columns.segment[index]! * width;
    balanceDelta[base + 1]! += columns.balance[index]!;
    balanceDelta[base + h + 1]! -= columns.balance[index]!;
    for (let payment = columns.paymentStart[index]!; payment < columns.paymentStart[index + 1]!; payment++) {
      const month = columns.paymentMonth[payment]!;
      if (month < 1 || month > h) continue;
      const amount = columns.paymentAmount[payment]!;
      actual[index]! += amount;
      collectedDelta[base + month]! += amount;
      collectedDelta[base + h + 1]! -= amount;
    }
  }
  const rate = new Float64Array(segmentCount * width);
  for (let segment = 0; segment < segmentCount; segment++) {
    let collected = 0;
    let balance = 0;
    for (let month = 1; month <= maxHorizon; month++) {
      collected += collectedDelta[segment * width + month]!;
      balance += balanceDelta[segment * width + month]!;
      rate[segment * width + month] = balance > 0 ? collected / balance : 0;
    }
  }

  // The agencies' own units: placements active in the period, observed a whole month, matching the filter.
  const agencies = filters.agencyIds === undefined ? null : new Set(filters.agencyIds);
  const product = filters.product === undefined ? -2 : columns.products.indexOf(filters.product);
  const bucket = filters.dpdBucket === undefined ? -2 : columns.dpdBuckets.indexOf(filters.dpdBucket);
  // In unit order an agency's accounts come in ascending id and an account's placements together (in index order, so
  // the sums add up as they always did): each unit is a run, written straight into arrays without a map per account.
  const unitActual = new Float64Array(count);
  const unitExpected = new Float64Array(count);
  const units = new Map<number, { actual: Float64Array; expected: Float64Array }>();
  let agencyStart = 0;
  let unitCount = 0;
  let currentAgency = Number.NaN;
  let currentAccount = Number.NaN;
  const closeAgency = () => {
    if (unitCount > agencyStart) units.set(currentAgency, { actual: unitActual.slice(agencyStart, unitCount), expected: unitExpected.slice(agencyStart, unitCount) });
    agencyStart = unitCount;
  };
  for (let position = 0; position < count; position++) {
    const index = columns.unitOrder[position]!;
    const h = horizon[index]!;
    if (h < 1) continue;
    const recalled = columns.recalledDay[index]!;
    if (recalled >= 0 && recalled < fromDay) continue;
    const agencyId = columns.agencyId[index]!;
    if (agencies && !agencies.has(agencyId)) continue;
    if (product !== -2 && columns.product[index] !== product) continue;
    if (bucket !== -2 && columns.dpdBucket[index] !== bucket) continue;
    const accountId = columns.accountId[index]!;
    if (agencyId !== currentAgency) {
      closeAgency();
      currentAgency = agencyId;
      currentAccount = Number.NaN;
    }
    if (accountId !== currentAccount) {
      currentAccount = accountId;
      unitCount++;
    }
    unitActual[unitCount - 1]! += actual[index]!;
    unitExpected[unitCount - 1]! += columns.balance[index]! * rate[columns.segment[index]! * width + h]!;
  }
  closeAgency();
  return units;
}
