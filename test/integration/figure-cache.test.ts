// Figures cached per data generation (ADR 040): a write moves the generation on and the next read recomputes; two
// filters or two scopes never share an entry; an agency's users never get another agency's (or the lender's) figures.
import { beforeAll, describe, expect, test } from "vitest";
import {
  advanceDataGeneration,
  getDataGeneration,
} from "~/cache/data-generation.server";
import { cachedFigures, figureCacheKey } from "~/cache/figure-cache.server";
import { getPool } from "~/db/pg.server";
import { getAgencyPlacementFigures } from "~/dashboard/page-figures.server";
import { setPlacementTerm } from "~/placements/agency-placements.server";
import {
  createAgency,
  createPlacedAccount,
  ensureUser,
} from "~/demo/factories.server";
import { insertActivityEvents } from "~/demo/rule-factories.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import {
  getScorecardWeights,
  saveScorecardWeights,
} from "~/metrics/scorecard-weights.server";
import type { KpiSummary } from "~/metrics/metric-types";
import * as dashboard from "~/routes/_app._index";
import {
  buildRequest,
  runRoute,
  sessionCookieFor,
} from "../support/route-harness";

const period = "from=2026-10-01&to=2026-10-31";
let own: { id: number; code: string; accountId: number };
let other: { id: number; code: string; accountId: number };
const cookies = { executive: "", agency: "" };

beforeAll(async () => {
  const suffix = Date.now().toString(36).toUpperCase();
  own = { code: `FCO${suffix}`, id: 0, accountId: 0 };
  other = { code: `FCX${suffix}`, id: 0, accountId: 0 };
  own.id = await createAgency({
    code: own.code,
    name: "缓存自有机构",
    commissionRate: "0.2000",
  });
  other.id = await createAgency({
    code: other.code,
    name: "缓存其他机构",
    commissionRate: "0.1000",
  });
  own.accountId = (
    await createPlacedAccount({ agencyId: own.id, debtorName: "张三" })
  ).accountId;
  other.accountId = (
    await createPlacedAccount({ agencyId: other.id, debtorName: "李四" })
  ).accountId;
  await insertActivityEvents([
    {
      agencyId: own.id,
      accountId: own.accountId,
      occurredAt: "2026-10-12T10:00:00+08:00",
      type: "PAYMENT",
      direction: "INBOUND",
      amount: "1000.00",
      agentExternalId: "A001",
    },
    {
      agencyId: other.id,
      accountId: other.accountId,
      occurredAt: "2026-10-15T10:00:00+08:00",
      type: "PAYMENT",
      direction: "INBOUND",
      amount: "300.00",
      agentExternalId: "A001",
    },
  ]);
  await refreshRollupsForAccounts([own.accountId, other.accountId]);
  cookies.executive = await sessionCookieFor(
    await ensureUser({
      email: `exec-${suffix}@figure-cache.test`,
      name: "Executive",
      role: "EXECUTIVE",
      agencyId: null,
    })
  );
  cookies.agency = await sessionCookieFor(
    await ensureUser({
      email: `agency-${suffix}@figure-cache.test`,
      name: "Agency user",
      role: "AGENCY",
      agencyId: own.id,
    })
  );
});

/** A filter no other test file asks for, so that counting computations here is not disturbed by them. */
const uniqueFilter = (label: string) => ({
  from: "2026-10-01",
  to: "2026-10-31",
  label: `${label}-${Math.random()}`,
});

/**
 * Runs `work` while the generation stays where it was (other test files write meanwhile and move it on; then the
 * attempt is repeated), so that "computed once" is asserted for one generation.
 */
async function atOneGeneration(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const before = await getDataGeneration();
    try {
      await work();
      if ((await getDataGeneration()) === before) return;
    } catch (error) {
      if ((await getDataGeneration()) === before || attempt >= 5) throw error;
    }
    if (attempt >= 5)
      throw new Error("the data generation kept moving during five attempts");
  }
}

const counter = () => {
  const calls: string[] = [];
  return {
    calls,
    compute: (value: string) => async () => (
      calls.push(value), { value, at: calls.length }
    ),
  };
};

describe("the data generation", () => {
  test("a write moves it on, and the next read recomputes what was cached", async () => {
    // A new filter each attempt: an attempt cut short by another file's write may have cached its figures under the
    // generation the next attempt starts at, which would then read them instead of computing.
    let filters = uniqueFilter("write");
    let counting = counter();
    await atOneGeneration(async () => {
      filters = uniqueFilter("write");
      counting = counter();
      const first = await cachedFigures(
        "dashboard",
        { scope: "lender", filters },
        counting.compute("a")
      );
      const second = await cachedFigures(
        "dashboard",
        { scope: "lender", filters },
        counting.compute("b")
      );
      expect(counting.calls).toEqual(["a"]);
      expect(second).toEqual(first);
    });
    const before = BigInt(await getDataGeneration());
    // A real write path: the scorecard weights saved as they are.
    await saveScorecardWeights(await getScorecardWeights(), null);
    expect(BigInt(await getDataGeneration())).toBeGreaterThan(before);
    const third = await cachedFigures(
      "dashboard",
      { scope: "lender", filters },
      counting.compute("c")
    );
    expect(third.value).toBe("c");
  });

  test("the figures of older generations are forgotten when it moves on", async () => {
    const filters = uniqueFilter("forget");
    const { scope, filterKey } = figureCacheKey("lender", filters);
    await cachedFigures("agencies", { scope: "lender", filters }, async () => ({
      kept: true,
    }));
    await advanceDataGeneration("settings");
    const { rows } = await getPool().query(
      `SELECT 1 FROM "FigureCache" WHERE page = 'agencies' AND scope = $1 AND "filterKey" = $2`,
      [scope, filterKey]
    );
    expect(rows).toHaveLength(0);
  });

  test("new events refreshed into the roll-ups show on the dashboard at the next request", async () => {
    const read = async () =>
      (
        (
          await runRoute(
            dashboard.loader,
            buildRequest(`/?${period}&agency=${own.code}`, {
              cookie: cookies.executive,
            })
          )
        ).body as { figures: { summary: KpiSummary } }
      ).figures.summary.current.collected;
    const before = await read();
    expect(await read()).toBeCloseTo(before, 2);
    await insertActivityEvents([
      {
        agencyId: own.id,
        accountId: own.accountId,
        occurredAt: "2026-10-20T10:00:00+08:00",
        type: "PAYMENT",
        direction: "INBOUND",
        amount: "250.50",
        agentExternalId: "A001",
      },
    ]);
    await refreshRollupsForAccounts([own.accountId]);
    expect(await read()).toBeCloseTo(before + 250.5, 2);
  });
});

describe("keys", () => {
  test("two filters never share an entry; the same filter written in another order does", async () => {
    await atOneGeneration(async () => {
      // New each attempt, as in "a write moves it on".
      const base = uniqueFilter("filters");
      const counting = counter();
      const monthOnly = await cachedFigures(
        "dashboard",
        { scope: "lender", filters: { ...base, agencyIds: [own.id] } },
        counting.compute("own")
      );
      const both = await cachedFigures(
        "dashboard",
        {
          scope: "lender",
          filters: { ...base, agencyIds: [own.id, other.id] },
        },
        counting.compute("both")
      );
      const bothReordered = await cachedFigures(
        "dashboard",
        {
          scope: "lender",
          filters: { agencyIds: [other.id, own.id], ...base },
        },
        counting.compute("again")
      );
      // The same filter on another page is another entry too.
      const otherPage = await cachedFigures(
        "agencies",
        { scope: "lender", filters: { ...base, agencyIds: [own.id] } },
        counting.compute("page")
      );
      expect([
        monthOnly.value,
        both.value,
        bothReordered.value,
        otherPage.value,
      ]).toEqual(["own", "both", "both", "page"]);
      expect(counting.calls).toEqual(["own", "both", "page"]);
    });
  });
});

describe("agency scoping", () => {
  test("an agency's scope never reads the lender's entry or another agency's for the same filter", async () => {
    const filters = { ...uniqueFilter("scope"), agencyIds: [own.id] };
    await atOneGeneration(async () => {
      const lender = await cachedFigures(
        "agency",
        { scope: "lender", filters },
        async () => ({ who: "lender" })
      );
      const ownScope = await cachedFigures(
        "agency",
        { scope: { agencyId: own.id }, filters },
        async () => ({ who: "own" })
      );
      const otherScope = await cachedFigures(
        "agency",
        { scope: { agencyId: other.id }, filters },
        async () => ({ who: "other" })
      );
      expect([lender.who, ownScope.who, otherScope.who]).toEqual([
        "lender",
        "own",
        "other",
      ]);
    });
  });

  test("an AGENCY user gets their agency's figures even right after an executive asked for every agency's", () =>
    atOneGeneration(async () => {
      const executive = await runRoute(
        dashboard.loader,
        buildRequest(`/?${period}`, { cookie: cookies.executive })
      );
      const agency = await runRoute(
        dashboard.loader,
        buildRequest(`/?${period}`, { cookie: cookies.agency })
      );
      const again = await runRoute(
        dashboard.loader,
        buildRequest(`/?${period}`, { cookie: cookies.agency })
      );
      type Body = {
        figures: { summary: KpiSummary; collections: { series: string[] } };
      };
      const executiveFigures = (executive.body as Body).figures;
      const agencyFigures = (agency.body as Body).figures;
      // The monthly collections chart: one series per agency whose figures the page holds.
      expect(executiveFigures.collections.series).toContain(other.code);
      expect(agencyFigures.collections.series).toEqual([own.code]);
      expect(agencyFigures.summary.current.collected).toBeLessThan(
        executiveFigures.summary.current.collected
      );
      expect((again.body as Body).figures).toEqual(agencyFigures);
      const { rows } = await getPool().query<{ scope: string }>(
        `SELECT DISTINCT scope FROM "FigureCache" WHERE page = 'dashboard' AND scope IN ('lender', $1)`,
        [`agency:${own.id}`]
      );
      expect(rows.map((row) => row.scope).sort()).toEqual(
        [`agency:${own.id}`, "lender"].sort()
      );
    }));
});

describe("the agency page's placements card", () => {
  test("is read from the cache until the placement term changes, which moves the generation on", async () => {
    const now = new Date("2026-11-05T04:00:00Z");
    const before = await getAgencyPlacementFigures(own.id, now);
    expect(before.open).toBe(1);
    const { rows } = await getPool().query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "FigureCache" WHERE page = 'agency-placements' AND scope = $1`,
      [`agency:${own.id}`]
    );
    expect(rows[0]?.n).toBe("1");
    const generation = await getDataGeneration();
    await setPlacementTerm(own.id, 30);
    expect(BigInt(await getDataGeneration())).toBeGreaterThan(BigInt(generation));
    const after = await getAgencyPlacementFigures(own.id, now);
    expect(after.placementTermDays).toBe(30);
    expect(after.open).toBe(1);
    await setPlacementTerm(own.id, null);
  });
});
