-- 1. MetricAccountDay: new facts ($1 account ids, $2 reporting time zone)
CREATE TEMP TABLE metric_new_day ON COMMIT DROP AS SELECT "accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations", 1 AS sign FROM (
  WITH first_wrong AS (
    SELECT "accountId", "phoneNumber", min("occurredAt") AS at FROM "ActivityEvent"
    WHERE outcome = 'WRONG_NUMBER' AND "phoneNumber" IS NOT NULL AND ($1::int[] IS NULL OR "accountId" = ANY($1::int[])) GROUP BY 1, 2
  ),
  first_complaint AS (
    SELECT "phoneNumber", min("receivedAt") AS at FROM "Complaint"
    WHERE source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL GROUP BY 1
  ),
  counted_events AS (
    -- The enums compared as they are: turning each into text costs a catalog look-up per row.
    SELECT e.id, e."accountId", e."agencyId", coalesce(e."agentId", 0) AS "agentId", e.type, e."occurredAt",
           CASE WHEN e.type = 'PROMISE' THEN e."promiseDueDate" ELSE (e."occurredAt" AT TIME ZONE $2)::date END AS day,
           e."phoneNumber", e.amount, e."promiseDueDate", e.outcome, e."contactParty" AS party
    FROM "ActivityEvent" e
    WHERE ($1::int[] IS NULL OR e."accountId" = ANY($1::int[]))
      AND ((e.direction = 'OUTBOUND' AND e.type IN ('CALL','SMS','EMAIL','LETTER','VISIT')) OR (e.type = 'PROMISE' AND e."promiseDueDate" IS NOT NULL) OR e.type = 'PAYMENT')
  ),
  contributions AS (
    SELECT e."accountId", e."agencyId", e."agentId", e.day,
           CASE WHEN e.type = 'PAYMENT' THEN coalesce(e.amount, 0) ELSE 0 END AS collected,
           -- Each payment's commission under the schedule in force on its day (PaymentCommission, written just before).
           CASE WHEN e.type = 'PAYMENT' THEN coalesce(pc.commission, 0) ELSE 0 END AS commission,
           (e.type IN ('CALL','SMS','EMAIL','LETTER','VISIT'))::int AS outbound,
           CASE WHEN e.type IN ('CALL','SMS','EMAIL','LETTER','VISIT') THEN coalesce(e.outcome = 'WRONG_NUMBER' OR e."occurredAt" > fw.at OR e."occurredAt" > fc.at, false)::int ELSE 0 END AS wrong,
           CASE WHEN e.type IN ('CALL','SMS','EMAIL','LETTER','VISIT') THEN coalesce(e.party IN ('FAMILY','THIRD_PARTY','EMPLOYER'), false)::int ELSE 0 END AS third,
           (e.type = 'PROMISE')::int AS due,
           -- On the events table itself, through its (accountId, occurredAt) index.
           CASE WHEN e.type = 'PROMISE' THEN
             ((SELECT coalesce(sum(pay.amount), 0) FROM "ActivityEvent" pay
               WHERE pay."accountId" = e."accountId" AND pay."occurredAt" >= e."occurredAt"
                 AND pay."occurredAt" < ((e."promiseDueDate" + 4)::timestamp AT TIME ZONE $2) AND pay.type = 'PAYMENT')
               >= coalesce(nullif(e.amount, 0), 0.01))::int
           ELSE 0 END AS kept,
           0 AS complaints, 0 AS upheld, 0 AS violations, 0 AS high, 0 AS open_high
    FROM counted_events e
    LEFT JOIN "PaymentCommission" pc ON pc."eventId" = e.id
    LEFT JOIN first_wrong fw ON fw."accountId" = e."accountId" AND fw."phoneNumber" = e."phoneNumber"
    LEFT JOIN first_complaint fc ON fc."phoneNumber" = e."phoneNumber"
    -- A payment counts when a placement of the account with the agency covers its day.
    WHERE e.type <> 'PAYMENT' OR EXISTS (
      SELECT 1 FROM "Placement" p WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId"
        AND p."placedAt" <= e.day AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day))
    UNION ALL
    SELECT coalesce(c."accountId", 0), c."agencyId", coalesce(c."agentId", 0), (c."receivedAt" AT TIME ZONE $2)::date,
           0, 0, 0, 0, 0, 0, 0, 1, coalesce(c.outcome IN ('UPHELD', 'PARTLY_UPHELD'), false)::int, 0, 0, 0
    FROM "Complaint" c
    -- The regulator's public complaints are the agency's history with the regulator, not complaints about this
    -- lender's accounts: they never count per 1,000 accounts (ADR 035).
    WHERE c."agencyId" IS NOT NULL AND c.source <> 'REGULATOR_PUBLIC' AND ($1::int[] IS NULL OR coalesce(c."accountId", 0) = ANY($1::int[]))
    UNION ALL
    SELECT v."accountId", v."agencyId", coalesce(v."agentId", 0), (v."occurredAt" AT TIME ZONE $2)::date,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (v.severity = 'HIGH')::int, (v.severity = 'HIGH' AND v.status = 'OPEN')::int
    FROM "Violation" v
    WHERE v.status <> 'DISMISSED' AND ($1::int[] IS NULL OR v."accountId" = ANY($1::int[]))
  ),
  daily AS (
    SELECT c."accountId", c."agencyId", c."agentId", c.day, date_trunc('month', c.day)::date AS month,
           sum(c.collected) AS collected, sum(c.commission) AS commission, sum(c.outbound)::int AS "outboundContacts",
           sum(c.wrong)::int AS "wrongPartyContacts", sum(c.third)::int AS "thirdPartyContacts", sum(c.due)::int AS "promisesDue",
           sum(c.kept)::int AS "promisesKept", sum(c.complaints)::int AS complaints, sum(c.upheld)::int AS "upheldComplaints", sum(c.violations)::int AS violations,
           sum(c.high)::int AS "violationsHigh", sum(c.open_high)::int AS "openHighViolations"
    FROM contributions c
    GROUP BY 1, 2, 3, 4
  ),
  
  segments AS MATERIALIZED (
    SELECT k."accountId", k."agencyId", k.month, coalesce(a.product, '') AS product,
           coalesce((SELECT CASE WHEN p."dpdAtPlacement" IS NULL THEN '' WHEN p."dpdAtPlacement" < 90 THEN '0-89' WHEN p."dpdAtPlacement" < 180 THEN '90-179' WHEN p."dpdAtPlacement" < 360 THEN '180-359' ELSE '360+' END FROM "Placement" p
                     WHERE p."accountId" = k."accountId" AND p."agencyId" = k."agencyId"
                     ORDER BY (p."placedAt" > (k.month + interval '1 month' - interval '1 day')::date),
                              CASE WHEN p."placedAt" <= (k.month + interval '1 month' - interval '1 day')::date THEN -(p."placedAt" - DATE '2000-01-01') ELSE p."placedAt" - DATE '2000-01-01' END
                     LIMIT 1), '') AS "dpdBucket"
    FROM (SELECT DISTINCT "accountId", "agencyId", month FROM daily) k
    LEFT JOIN "Account" a ON a.id = k."accountId"
  )
  SELECT d.*, s.product, s."dpdBucket"
  FROM daily d
  JOIN segments s ON s."accountId" = d."accountId" AND s."agencyId" = d."agencyId" AND s.month = d.month) f;

-- 2. MetricAccountMonth: new facts ($1 account ids, $2 reporting time zone)
CREATE TEMP TABLE metric_new_month ON COMMIT DROP AS SELECT "accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", "previousWorkedMonth", "previousWorkedMonthInBucket", "nextWorkedMonth", "nextWorkedMonthInBucket", "previousContactedMonth", "previousContactedMonthInBucket", "nextContactedMonth", "nextContactedMonthInBucket", "previousRpcMonth", "previousRpcMonthInBucket", "nextRpcMonth", "nextRpcMonthInBucket", "previousPromiseMonth", "previousPromiseMonthInBucket", "nextPromiseMonth", "nextPromiseMonthInBucket", "nextWorkedFirstDay", "nextWorkedFirstDayInBucket", "nextContactedFirstDay", "nextContactedFirstDayInBucket", "nextRpcFirstDay", "nextRpcFirstDayInBucket", "nextPromiseFirstDay", "nextPromiseFirstDayInBucket", 1 AS sign FROM (
  WITH flagged AS (
    SELECT "accountId", "agencyId", coalesce("agentId", 0) AS "agentId", ("occurredAt" AT TIME ZONE $2)::date AS day,
           (direction = 'OUTBOUND' AND type IN ('CALL','SMS','EMAIL','LETTER','VISIT')) AS worked,
           (direction = 'OUTBOUND' AND type IN ('CALL','SMS','EMAIL','LETTER','VISIT') AND outcome = 'CONNECTED') AS contacted,
           (direction = 'OUTBOUND' AND type IN ('CALL','SMS','EMAIL','LETTER','VISIT') AND outcome = 'CONNECTED' AND "contactParty" IN ('DEBTOR','SPOUSE')) AS rpc,
           (type = 'PROMISE') AS promise
    FROM "ActivityEvent"
    WHERE ($1::int[] IS NULL OR "accountId" = ANY($1::int[])) AND ((direction = 'OUTBOUND' AND type IN ('CALL','SMS','EMAIL','LETTER','VISIT')) OR type = 'PROMISE')
  ),
  -- Per agent first (0: events without one), then the agency's row (-1) as the union of its agents' days: or-ing
  -- each agent's days and then the agents' gives the days of or-ing every event.
  per_agent AS (
    SELECT "accountId", "agencyId", "agentId", date_trunc('month', day)::date AS month,
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE worked), 0) AS "workedDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE contacted), 0) AS "contactedDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE rpc), 0) AS "rpcDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE promise), 0) AS "promiseDays"
    FROM flagged GROUP BY 1, 2, 3, 4
  ),
  per_agency AS (
    SELECT "accountId", "agencyId", -1 AS "agentId", month,
           bit_or("workedDays") AS "workedDays", bit_or("contactedDays") AS "contactedDays", bit_or("rpcDays") AS "rpcDays", bit_or("promiseDays") AS "promiseDays"
    FROM per_agent GROUP BY 1, 2, 4
  ),
  
  segments AS MATERIALIZED (
    SELECT k."accountId", k."agencyId", k.month, coalesce(a.product, '') AS product,
           coalesce((SELECT CASE WHEN p."dpdAtPlacement" IS NULL THEN '' WHEN p."dpdAtPlacement" < 90 THEN '0-89' WHEN p."dpdAtPlacement" < 180 THEN '90-179' WHEN p."dpdAtPlacement" < 360 THEN '180-359' ELSE '360+' END FROM "Placement" p
                     WHERE p."accountId" = k."accountId" AND p."agencyId" = k."agencyId"
                     ORDER BY (p."placedAt" > (k.month + interval '1 month' - interval '1 day')::date),
                              CASE WHEN p."placedAt" <= (k.month + interval '1 month' - interval '1 day')::date THEN -(p."placedAt" - DATE '2000-01-01') ELSE p."placedAt" - DATE '2000-01-01' END
                     LIMIT 1), '') AS "dpdBucket"
    FROM per_agency k
    LEFT JOIN "Account" a ON a.id = k."accountId"
  ),
  monthly AS (
    SELECT u."accountId", u."agencyId", u."agentId", u.month, s.product, s."dpdBucket", u."workedDays", u."contactedDays", u."rpcDays", u."promiseDays"
    FROM (SELECT * FROM per_agency UNION ALL SELECT * FROM per_agent WHERE "agentId" <> 0) u
    JOIN segments s ON s."accountId" = u."accountId" AND s."agencyId" = u."agencyId" AND s.month = u.month
  )
  SELECT m.*, max(m.month) FILTER (WHERE m."workedDays" <> 0) OVER previous AS "previousWorkedMonth",
         max(m.month) FILTER (WHERE m."workedDays" <> 0) OVER previous_in_bucket AS "previousWorkedMonthInBucket",
         min(m.month) FILTER (WHERE m."workedDays" <> 0) OVER next AS "nextWorkedMonth",
         min(m.month) FILTER (WHERE m."workedDays" <> 0) OVER next_in_bucket AS "nextWorkedMonthInBucket",
         max(m.month) FILTER (WHERE m."contactedDays" <> 0) OVER previous AS "previousContactedMonth",
         max(m.month) FILTER (WHERE m."contactedDays" <> 0) OVER previous_in_bucket AS "previousContactedMonthInBucket",
         min(m.month) FILTER (WHERE m."contactedDays" <> 0) OVER next AS "nextContactedMonth",
         min(m.month) FILTER (WHERE m."contactedDays" <> 0) OVER next_in_bucket AS "nextContactedMonthInBucket",
         max(m.month) FILTER (WHERE m."rpcDays" <> 0) OVER previous AS "previousRpcMonth",
         max(m.month) FILTER (WHERE m."rpcDays" <> 0) OVER previous_in_bucket AS "previousRpcMonthInBucket",
         min(m.month) FILTER (WHERE m."rpcDays" <> 0) OVER next AS "nextRpcMonth",
         min(m.month) FILTER (WHERE m."rpcDays" <> 0) OVER next_in_bucket AS "nextRpcMonthInBucket",
         max(m.month) FILTER (WHERE m."promiseDays" <> 0) OVER previous AS "previousPromiseMonth",
         max(m.month) FILTER (WHERE m."promiseDays" <> 0) OVER previous_in_bucket AS "previousPromiseMonthInBucket",
         min(m.month) FILTER (WHERE m."promiseDays" <> 0) OVER next AS "nextPromiseMonth",
         min(m.month) FILTER (WHERE m."promiseDays" <> 0) OVER next_in_bucket AS "nextPromiseMonthInBucket",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."workedDays")::bit(32)::text, '0')))) FILTER (WHERE m."workedDays" <> 0) OVER next) % 32 AS "nextWorkedFirstDay",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."workedDays")::bit(32)::text, '0')))) FILTER (WHERE m."workedDays" <> 0) OVER next_in_bucket) % 32 AS "nextWorkedFirstDayInBucket",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."contactedDays")::bit(32)::text, '0')))) FILTER (WHERE m."contactedDays" <> 0) OVER next) % 32 AS "nextContactedFirstDay",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."contactedDays")::bit(32)::text, '0')))) FILTER (WHERE m."contactedDays" <> 0) OVER next_in_bucket) % 32 AS "nextContactedFirstDayInBucket",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."rpcDays")::bit(32)::text, '0')))) FILTER (WHERE m."rpcDays" <> 0) OVER next) % 32 AS "nextRpcFirstDay",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."rpcDays")::bit(32)::text, '0')))) FILTER (WHERE m."rpcDays" <> 0) OVER next_in_bucket) % 32 AS "nextRpcFirstDayInBucket",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."promiseDays")::bit(32)::text, '0')))) FILTER (WHERE m."promiseDays" <> 0) OVER next) % 32 AS "nextPromiseFirstDay",
         (min((m.month - DATE '2000-01-01') * 32 + (33 - length(rtrim((m."promiseDays")::bit(32)::text, '0')))) FILTER (WHERE m."promiseDays" <> 0) OVER next_in_bucket) % 32 AS "nextPromiseFirstDayInBucket"
  FROM monthly m
  WINDOW previous AS (PARTITION BY m."accountId", m."agencyId", m."agentId" ORDER BY m.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         next AS (PARTITION BY m."accountId", m."agencyId", m."agentId" ORDER BY m.month ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
         previous_in_bucket AS (PARTITION BY m."accountId", m."agencyId", m."agentId", m."dpdBucket" ORDER BY m.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         next_in_bucket AS (PARTITION BY m."accountId", m."agencyId", m."agentId", m."dpdBucket" ORDER BY m.month ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)) f;

-- 3. MetricAccountRuleDay: new facts ($1 account ids, $2 reporting time zone)
CREATE TEMP TABLE metric_new_rule_day ON COMMIT DROP AS SELECT "accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "ruleCode", "severity", "violations", 1 AS sign FROM (
  WITH contributions AS (
    SELECT v."accountId", v."agencyId", coalesce(v."agentId", 0) AS "agentId", (v."occurredAt" AT TIME ZONE $2)::date AS day,
           v."ruleCode", v.severity::text AS severity
    FROM "Violation" v
    WHERE v.status <> 'DISMISSED' AND ($1::int[] IS NULL OR v."accountId" = ANY($1::int[]))
  ),
  
  segments AS MATERIALIZED (
    SELECT k."accountId", k."agencyId", k.month, coalesce(a.product, '') AS product,
           coalesce((SELECT CASE WHEN p."dpdAtPlacement" IS NULL THEN '' WHEN p."dpdAtPlacement" < 90 THEN '0-89' WHEN p."dpdAtPlacement" < 180 THEN '90-179' WHEN p."dpdAtPlacement" < 360 THEN '180-359' ELSE '360+' END FROM "Placement" p
                     WHERE p."accountId" = k."accountId" AND p."agencyId" = k."agencyId"
                     ORDER BY (p."placedAt" > (k.month + interval '1 month' - interval '1 day')::date),
                              CASE WHEN p."placedAt" <= (k.month + interval '1 month' - interval '1 day')::date THEN -(p."placedAt" - DATE '2000-01-01') ELSE p."placedAt" - DATE '2000-01-01' END
                     LIMIT 1), '') AS "dpdBucket"
    FROM (SELECT DISTINCT "accountId", "agencyId", date_trunc('month', day)::date AS month FROM contributions) k
    LEFT JOIN "Account" a ON a.id = k."accountId"
  )
  SELECT c."accountId", c."agencyId", c."agentId", c.day, s.product, s."dpdBucket", c."ruleCode", c.severity, count(*)::int AS violations
  FROM contributions c
  JOIN segments s ON s."accountId" = c."accountId" AND s."agencyId" = c."agencyId" AND s.month = date_trunc('month', c.day)::date
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) f;

-- 4. MetricPlacement: new facts ($1 account ids)
CREATE TEMP TABLE metric_new_placement ON COMMIT DROP AS SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand", 1 AS sign FROM (
  SELECT p.id AS "placementId", p."accountId", p."agencyId", p."placedAt", p."recalledAt", p."placedBalance",
         coalesce(a.product, '') AS product, CASE WHEN p."dpdAtPlacement" IS NULL THEN '' WHEN p."dpdAtPlacement" < 90 THEN '0-89' WHEN p."dpdAtPlacement" < 180 THEN '90-179' WHEN p."dpdAtPlacement" < 360 THEN '180-359' ELSE '360+' END AS "dpdBucket", CASE WHEN p."placedBalance" < 5000 THEN '0-4999' WHEN p."placedBalance" < 20000 THEN '5000-19999' WHEN p."placedBalance" < 50000 THEN '20000-49999' ELSE '50000+' END AS "balanceBand"
  FROM "Placement" p JOIN "Account" a ON a.id = p."accountId"
  WHERE ($1::int[] IS NULL OR p."accountId" = ANY($1::int[]))) f;

-- 5. MetricPlacementMonth: new facts ($1 account ids, $2 reporting time zone)
CREATE TEMP TABLE metric_new_placement_month ON COMMIT DROP AS SELECT "placementId", "monthsSince", "accountId", "collected", 1 AS sign FROM (
  WITH ev AS (
    SELECT e."accountId", e."agencyId", (e."occurredAt" AT TIME ZONE $2)::date AS day, e.amount
    FROM "ActivityEvent" e
    WHERE e.type = 'PAYMENT' AND ($1::int[] IS NULL OR e."accountId" = ANY($1::int[]))
  )
  SELECT p.id AS "placementId",
         1 + 12 * extract(year FROM age(e.day, p."placedAt"))::int + extract(month FROM age(e.day, p."placedAt"))::int AS "monthsSince",
         e."accountId", sum(coalesce(e.amount, 0)) AS collected
  FROM ev e
  CROSS JOIN LATERAL (
    SELECT p.id, p."placedAt" FROM "Placement" p
    WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId" AND p."placedAt" <= e.day
      AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day)
    ORDER BY p."placedAt" DESC LIMIT 1
  ) p
  GROUP BY 1, 2, 3) f;

-- 6. whether placements or payments under them changed ($1 account ids)
SELECT (EXISTS (SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand" FROM metric_new_placement EXCEPT SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand" FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[]))
      OR EXISTS (SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand" FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[]) EXCEPT SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand" FROM metric_new_placement)) OR (EXISTS (SELECT "placementId", "monthsSince", "accountId", "collected" FROM metric_new_placement_month EXCEPT SELECT "placementId", "monthsSince", "accountId", "collected" FROM "MetricPlacementMonth" WHERE "accountId" = ANY($1::int[]))
      OR EXISTS (SELECT "placementId", "monthsSince", "accountId", "collected" FROM "MetricPlacementMonth" WHERE "accountId" = ANY($1::int[]) EXCEPT SELECT "placementId", "monthsSince", "accountId", "collected" FROM metric_new_placement_month)) AS changed;

-- 7. MetricDaily: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "day", "agentId", "agencyId", "product", "dpdBucket", sum("collected") AS "collected", sum("commission") AS "commission", sum("outboundContacts") AS "outboundContacts", sum("wrongPartyContacts") AS "wrongPartyContacts", sum("thirdPartyContacts") AS "thirdPartyContacts", sum("promisesDue") AS "promisesDue", sum("promisesKept") AS "promisesKept", sum("complaints") AS "complaints", sum("upheldComplaints") AS "upheldComplaints", sum("violations") AS "violations", sum("violationsHigh") AS "violationsHigh", sum("openHighViolations") AS "openHighViolations"
     FROM (
  SELECT day, "agentId", "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM metric_new_day f
  UNION ALL
  SELECT day, -1, "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM metric_new_day f
 UNION ALL 

  SELECT day, "agentId", "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM (SELECT *, -1 AS sign FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT day, -1, "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM (SELECT *, -1 AS sign FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])) f) AS contribution ("day", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations")
     GROUP BY "day", "agentId", "agencyId", "product", "dpdBucket"
     HAVING sum("collected") <> 0 OR sum("commission") <> 0 OR sum("outboundContacts") <> 0 OR sum("wrongPartyContacts") <> 0 OR sum("thirdPartyContacts") <> 0 OR sum("promisesDue") <> 0 OR sum("promisesKept") <> 0 OR sum("complaints") <> 0 OR sum("upheldComplaints") <> 0 OR sum("violations") <> 0 OR sum("violationsHigh") <> 0 OR sum("openHighViolations") <> 0;

-- 8. MetricDaily: change added (no parameters)
INSERT INTO "MetricDaily" ("day", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations") SELECT "day", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations" FROM metric_delta
     ON CONFLICT ("day", "agentId", "agencyId", "product", "dpdBucket") DO UPDATE SET "collected" = "MetricDaily"."collected" + EXCLUDED."collected", "commission" = "MetricDaily"."commission" + EXCLUDED."commission", "outboundContacts" = "MetricDaily"."outboundContacts" + EXCLUDED."outboundContacts", "wrongPartyContacts" = "MetricDaily"."wrongPartyContacts" + EXCLUDED."wrongPartyContacts", "thirdPartyContacts" = "MetricDaily"."thirdPartyContacts" + EXCLUDED."thirdPartyContacts", "promisesDue" = "MetricDaily"."promisesDue" + EXCLUDED."promisesDue", "promisesKept" = "MetricDaily"."promisesKept" + EXCLUDED."promisesKept", "complaints" = "MetricDaily"."complaints" + EXCLUDED."complaints", "upheldComplaints" = "MetricDaily"."upheldComplaints" + EXCLUDED."upheldComplaints", "violations" = "MetricDaily"."violations" + EXCLUDED."violations", "violationsHigh" = "MetricDaily"."violationsHigh" + EXCLUDED."violationsHigh", "openHighViolations" = "MetricDaily"."openHighViolations" + EXCLUDED."openHighViolations";

-- 9. MetricDaily: rows left at zero deleted (no parameters)
DELETE FROM "MetricDaily" t USING metric_delta d
     WHERE t."day" = d."day" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."collected" = 0 AND t."commission" = 0 AND t."outboundContacts" = 0 AND t."wrongPartyContacts" = 0 AND t."thirdPartyContacts" = 0 AND t."promisesDue" = 0 AND t."promisesKept" = 0 AND t."complaints" = 0 AND t."upheldComplaints" = 0 AND t."violations" = 0 AND t."violationsHigh" = 0 AND t."openHighViolations" = 0;

-- 10. MetricDaily: change dropped (no parameters)
DROP TABLE metric_delta;

-- 11. MetricMonthlySums: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agentId", "agencyId", "product", "dpdBucket", sum("collected") AS "collected", sum("commission") AS "commission", sum("outboundContacts") AS "outboundContacts", sum("wrongPartyContacts") AS "wrongPartyContacts", sum("thirdPartyContacts") AS "thirdPartyContacts", sum("promisesDue") AS "promisesDue", sum("promisesKept") AS "promisesKept", sum("complaints") AS "complaints", sum("upheldComplaints") AS "upheldComplaints", sum("violations") AS "violations", sum("violationsHigh") AS "violationsHigh", sum("openHighViolations") AS "openHighViolations"
     FROM (
  SELECT date_trunc('month', day)::date, "agentId", "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM metric_new_day f
  UNION ALL
  SELECT date_trunc('month', day)::date, -1, "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM metric_new_day f
 UNION ALL 

  SELECT date_trunc('month', day)::date, "agentId", "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM (SELECT *, -1 AS sign FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT date_trunc('month', day)::date, -1, "agencyId", product, "dpdBucket", sign * "collected" AS "collected", sign * "commission" AS "commission", sign * "outboundContacts" AS "outboundContacts", sign * "wrongPartyContacts" AS "wrongPartyContacts", sign * "thirdPartyContacts" AS "thirdPartyContacts", sign * "promisesDue" AS "promisesDue", sign * "promisesKept" AS "promisesKept", sign * "complaints" AS "complaints", sign * "upheldComplaints" AS "upheldComplaints", sign * "violations" AS "violations", sign * "violationsHigh" AS "violationsHigh", sign * "openHighViolations" AS "openHighViolations" FROM (SELECT *, -1 AS sign FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])) f) AS contribution ("month", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations")
     GROUP BY "month", "agentId", "agencyId", "product", "dpdBucket"
     HAVING sum("collected") <> 0 OR sum("commission") <> 0 OR sum("outboundContacts") <> 0 OR sum("wrongPartyContacts") <> 0 OR sum("thirdPartyContacts") <> 0 OR sum("promisesDue") <> 0 OR sum("promisesKept") <> 0 OR sum("complaints") <> 0 OR sum("upheldComplaints") <> 0 OR sum("violations") <> 0 OR sum("violationsHigh") <> 0 OR sum("openHighViolations") <> 0;

-- 12. MetricMonthlySums: change added (no parameters)
INSERT INTO "MetricMonthlySums" ("month", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations") SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations" FROM metric_delta
     ON CONFLICT ("month", "agentId", "agencyId", "product", "dpdBucket") DO UPDATE SET "collected" = "MetricMonthlySums"."collected" + EXCLUDED."collected", "commission" = "MetricMonthlySums"."commission" + EXCLUDED."commission", "outboundContacts" = "MetricMonthlySums"."outboundContacts" + EXCLUDED."outboundContacts", "wrongPartyContacts" = "MetricMonthlySums"."wrongPartyContacts" + EXCLUDED."wrongPartyContacts", "thirdPartyContacts" = "MetricMonthlySums"."thirdPartyContacts" + EXCLUDED."thirdPartyContacts", "promisesDue" = "MetricMonthlySums"."promisesDue" + EXCLUDED."promisesDue", "promisesKept" = "MetricMonthlySums"."promisesKept" + EXCLUDED."promisesKept", "complaints" = "MetricMonthlySums"."complaints" + EXCLUDED."complaints", "upheldComplaints" = "MetricMonthlySums"."upheldComplaints" + EXCLUDED."upheldComplaints", "violations" = "MetricMonthlySums"."violations" + EXCLUDED."violations", "violationsHigh" = "MetricMonthlySums"."violationsHigh" + EXCLUDED."violationsHigh", "openHighViolations" = "MetricMonthlySums"."openHighViolations" + EXCLUDED."openHighViolations";

-- 13. MetricMonthlySums: rows left at zero deleted (no parameters)
DELETE FROM "MetricMonthlySums" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."collected" = 0 AND t."commission" = 0 AND t."outboundContacts" = 0 AND t."wrongPartyContacts" = 0 AND t."thirdPartyContacts" = 0 AND t."promisesDue" = 0 AND t."promisesKept" = 0 AND t."complaints" = 0 AND t."upheldComplaints" = 0 AND t."violations" = 0 AND t."violationsHigh" = 0 AND t."openHighViolations" = 0;

-- 14. MetricMonthlySums: change dropped (no parameters)
DROP TABLE metric_delta;

-- 15. MetricMonthlyAccounts: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket", sum("accounts") AS "accounts"
     FROM (
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      FROM metric_new_month f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."previousWorkedMonth", f."previousWorkedMonthInBucket"), ('contacted', f."contactedDays", f."previousContactedMonth", f."previousContactedMonthInBucket"), ('rpc', f."rpcDays", f."previousRpcMonth", f."previousRpcMonthInBucket"), ('promise', f."promiseDays", f."previousPromiseMonth", f."previousPromiseMonthInBucket")) AS k(kind, days, previous, previous_in_bucket) WHERE k.days <> 0
 UNION ALL 

      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      FROM (SELECT *, -1 AS sign FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[])) f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."previousWorkedMonth", f."previousWorkedMonthInBucket"), ('contacted', f."contactedDays", f."previousContactedMonth", f."previousContactedMonthInBucket"), ('rpc', f."rpcDays", f."previousRpcMonth", f."previousRpcMonthInBucket"), ('promise', f."promiseDays", f."previousPromiseMonth", f."previousPromiseMonthInBucket")) AS k(kind, days, previous, previous_in_bucket) WHERE k.days <> 0) AS contribution ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket", "accounts")
     GROUP BY "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket"
     HAVING sum("accounts") <> 0;

-- 16. MetricMonthlyAccounts: change added (no parameters)
INSERT INTO "MetricMonthlyAccounts" ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket", "accounts") SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket", "accounts" FROM metric_delta
     ON CONFLICT ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket") DO UPDATE SET "accounts" = "MetricMonthlyAccounts"."accounts" + EXCLUDED."accounts";

-- 17. MetricMonthlyAccounts: rows left at zero deleted (no parameters)
DELETE FROM "MetricMonthlyAccounts" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."kind" = d."kind" AND t."previousMonth" = d."previousMonth" AND t."previousMonthInBucket" = d."previousMonthInBucket" AND t."accounts" = 0;

-- 18. MetricMonthlyAccounts: change dropped (no parameters)
DROP TABLE metric_delta;

-- 19. MetricMonthLastDays: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket", sum("accounts") AS "accounts"
     FROM (
      SELECT f.month, f."agentId", length(ltrim((k.days)::bit(32)::text, '0')), f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.next, 'infinity'::date), coalesce(k.next_first_day, 0),
             coalesce(k.next_in_bucket, 'infinity'::date), coalesce(k.next_first_day_in_bucket, 0), f.sign
      FROM metric_new_month f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."nextWorkedMonth", f."nextWorkedFirstDay", f."nextWorkedMonthInBucket", f."nextWorkedFirstDayInBucket"), ('contacted', f."contactedDays", f."nextContactedMonth", f."nextContactedFirstDay", f."nextContactedMonthInBucket", f."nextContactedFirstDayInBucket"), ('rpc', f."rpcDays", f."nextRpcMonth", f."nextRpcFirstDay", f."nextRpcMonthInBucket", f."nextRpcFirstDayInBucket"), ('promise', f."promiseDays", f."nextPromiseMonth", f."nextPromiseFirstDay", f."nextPromiseMonthInBucket", f."nextPromiseFirstDayInBucket")) AS k(kind, days, next, next_first_day, next_in_bucket, next_first_day_in_bucket) WHERE k.days <> 0
 UNION ALL 

      SELECT f.month, f."agentId", length(ltrim((k.days)::bit(32)::text, '0')), f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.next, 'infinity'::date), coalesce(k.next_first_day, 0),
             coalesce(k.next_in_bucket, 'infinity'::date), coalesce(k.next_first_day_in_bucket, 0), f.sign
      FROM (SELECT *, -1 AS sign FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[])) f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."nextWorkedMonth", f."nextWorkedFirstDay", f."nextWorkedMonthInBucket", f."nextWorkedFirstDayInBucket"), ('contacted', f."contactedDays", f."nextContactedMonth", f."nextContactedFirstDay", f."nextContactedMonthInBucket", f."nextContactedFirstDayInBucket"), ('rpc', f."rpcDays", f."nextRpcMonth", f."nextRpcFirstDay", f."nextRpcMonthInBucket", f."nextRpcFirstDayInBucket"), ('promise', f."promiseDays", f."nextPromiseMonth", f."nextPromiseFirstDay", f."nextPromiseMonthInBucket", f."nextPromiseFirstDayInBucket")) AS k(kind, days, next, next_first_day, next_in_bucket, next_first_day_in_bucket) WHERE k.days <> 0) AS contribution ("month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket", "accounts")
     GROUP BY "month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket"
     HAVING sum("accounts") <> 0;

-- 20. MetricMonthLastDays: change added (no parameters)
INSERT INTO "MetricMonthLastDays" ("month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket", "accounts") SELECT "month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket", "accounts" FROM metric_delta
     ON CONFLICT ("month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket") DO UPDATE SET "accounts" = "MetricMonthLastDays"."accounts" + EXCLUDED."accounts";

-- 21. MetricMonthLastDays: rows left at zero deleted (no parameters)
DELETE FROM "MetricMonthLastDays" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agentId" = d."agentId" AND t."lastDay" = d."lastDay" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."kind" = d."kind" AND t."nextMonth" = d."nextMonth" AND t."nextFirstDay" = d."nextFirstDay" AND t."nextMonthInBucket" = d."nextMonthInBucket" AND t."nextFirstDayInBucket" = d."nextFirstDayInBucket" AND t."accounts" = 0;

-- 22. MetricMonthLastDays: change dropped (no parameters)
DROP TABLE metric_delta;

-- 23. MetricMonthFirstDays: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket", sum("accounts") AS "accounts"
     FROM (
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind, (33 - length(rtrim((k.days)::bit(32)::text, '0'))),
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      FROM metric_new_month f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."previousWorkedMonth", f."previousWorkedMonthInBucket"), ('contacted', f."contactedDays", f."previousContactedMonth", f."previousContactedMonthInBucket"), ('rpc', f."rpcDays", f."previousRpcMonth", f."previousRpcMonthInBucket"), ('promise', f."promiseDays", f."previousPromiseMonth", f."previousPromiseMonthInBucket")) AS k(kind, days, previous, previous_in_bucket) WHERE k.days <> 0
 UNION ALL 

      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind, (33 - length(rtrim((k.days)::bit(32)::text, '0'))),
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      FROM (SELECT *, -1 AS sign FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[])) f CROSS JOIN LATERAL (VALUES ('worked', f."workedDays", f."previousWorkedMonth", f."previousWorkedMonthInBucket"), ('contacted', f."contactedDays", f."previousContactedMonth", f."previousContactedMonthInBucket"), ('rpc', f."rpcDays", f."previousRpcMonth", f."previousRpcMonthInBucket"), ('promise', f."promiseDays", f."previousPromiseMonth", f."previousPromiseMonthInBucket")) AS k(kind, days, previous, previous_in_bucket) WHERE k.days <> 0) AS contribution ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket", "accounts")
     GROUP BY "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket"
     HAVING sum("accounts") <> 0;

-- 24. MetricMonthFirstDays: change added (no parameters)
INSERT INTO "MetricMonthFirstDays" ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket", "accounts") SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket", "accounts" FROM metric_delta
     ON CONFLICT ("month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket") DO UPDATE SET "accounts" = "MetricMonthFirstDays"."accounts" + EXCLUDED."accounts";

-- 25. MetricMonthFirstDays: rows left at zero deleted (no parameters)
DELETE FROM "MetricMonthFirstDays" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."kind" = d."kind" AND t."firstDay" = d."firstDay" AND t."previousMonth" = d."previousMonth" AND t."previousMonthInBucket" = d."previousMonthInBucket" AND t."accounts" = 0;

-- 26. MetricMonthFirstDays: change dropped (no parameters)
DROP TABLE metric_delta;

-- 27. MetricRuleDaily: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", sum("violations") AS "violations"
     FROM (
  SELECT day, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM metric_new_rule_day f
  UNION ALL
  SELECT day, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM metric_new_rule_day f
 UNION ALL 

  SELECT day, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM (SELECT *, -1 AS sign FROM "MetricAccountRuleDay" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT day, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM (SELECT *, -1 AS sign FROM "MetricAccountRuleDay" WHERE "accountId" = ANY($1::int[])) f) AS contribution ("day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations")
     GROUP BY "day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity"
     HAVING sum("violations") <> 0;

-- 28. MetricRuleDaily: change added (no parameters)
INSERT INTO "MetricRuleDaily" ("day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations") SELECT "day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations" FROM metric_delta
     ON CONFLICT ("day", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity") DO UPDATE SET "violations" = "MetricRuleDaily"."violations" + EXCLUDED."violations";

-- 29. MetricRuleDaily: rows left at zero deleted (no parameters)
DELETE FROM "MetricRuleDaily" t USING metric_delta d
     WHERE t."day" = d."day" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."ruleCode" = d."ruleCode" AND t."severity" = d."severity" AND t."violations" = 0;

-- 30. MetricRuleDaily: change dropped (no parameters)
DROP TABLE metric_delta;

-- 31. MetricRuleMonthly: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", sum("violations") AS "violations"
     FROM (
  SELECT date_trunc('month', day)::date, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM metric_new_rule_day f
  UNION ALL
  SELECT date_trunc('month', day)::date, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM metric_new_rule_day f
 UNION ALL 

  SELECT date_trunc('month', day)::date, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM (SELECT *, -1 AS sign FROM "MetricAccountRuleDay" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT date_trunc('month', day)::date, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM (SELECT *, -1 AS sign FROM "MetricAccountRuleDay" WHERE "accountId" = ANY($1::int[])) f) AS contribution ("month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations")
     GROUP BY "month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity"
     HAVING sum("violations") <> 0;

-- 32. MetricRuleMonthly: change added (no parameters)
INSERT INTO "MetricRuleMonthly" ("month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations") SELECT "month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity", "violations" FROM metric_delta
     ON CONFLICT ("month", "agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity") DO UPDATE SET "violations" = "MetricRuleMonthly"."violations" + EXCLUDED."violations";

-- 33. MetricRuleMonthly: rows left at zero deleted (no parameters)
DELETE FROM "MetricRuleMonthly" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agentId" = d."agentId" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."ruleCode" = d."ruleCode" AND t."severity" = d."severity" AND t."violations" = 0;

-- 34. MetricRuleMonthly: change dropped (no parameters)
DROP TABLE metric_delta;

-- 35. MetricPlacementDaily: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "day", "agencyId", "product", "dpdBucket", sum("placedAccounts") AS "placedAccounts", sum("placedBalance") AS "placedBalance", sum("recalledAccounts") AS "recalledAccounts", sum("recalledBalance") AS "recalledBalance"
     FROM (
  SELECT "placedAt", "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM metric_new_placement f
  UNION ALL
  SELECT "recalledAt", "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM metric_new_placement f WHERE "recalledAt" IS NOT NULL
 UNION ALL 

  SELECT "placedAt", "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM (SELECT *, -1 AS sign FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT "recalledAt", "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM (SELECT *, -1 AS sign FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])) f WHERE "recalledAt" IS NOT NULL) AS contribution ("day", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance")
     GROUP BY "day", "agencyId", "product", "dpdBucket"
     HAVING sum("placedAccounts") <> 0 OR sum("placedBalance") <> 0 OR sum("recalledAccounts") <> 0 OR sum("recalledBalance") <> 0;

-- 36. MetricPlacementDaily: change added (no parameters)
INSERT INTO "MetricPlacementDaily" ("day", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance") SELECT "day", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance" FROM metric_delta
     ON CONFLICT ("day", "agencyId", "product", "dpdBucket") DO UPDATE SET "placedAccounts" = "MetricPlacementDaily"."placedAccounts" + EXCLUDED."placedAccounts", "placedBalance" = "MetricPlacementDaily"."placedBalance" + EXCLUDED."placedBalance", "recalledAccounts" = "MetricPlacementDaily"."recalledAccounts" + EXCLUDED."recalledAccounts", "recalledBalance" = "MetricPlacementDaily"."recalledBalance" + EXCLUDED."recalledBalance";

-- 37. MetricPlacementDaily: rows left at zero deleted (no parameters)
DELETE FROM "MetricPlacementDaily" t USING metric_delta d
     WHERE t."day" = d."day" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."placedAccounts" = 0 AND t."placedBalance" = 0 AND t."recalledAccounts" = 0 AND t."recalledBalance" = 0;

-- 38. MetricPlacementDaily: change dropped (no parameters)
DROP TABLE metric_delta;

-- 39. MetricPlacementMonthly: change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "month", "agencyId", "product", "dpdBucket", sum("placedAccounts") AS "placedAccounts", sum("placedBalance") AS "placedBalance", sum("recalledAccounts") AS "recalledAccounts", sum("recalledBalance") AS "recalledBalance"
     FROM (
  SELECT date_trunc('month', "placedAt")::date, "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM metric_new_placement f
  UNION ALL
  SELECT date_trunc('month', "recalledAt")::date, "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM metric_new_placement f WHERE "recalledAt" IS NOT NULL
 UNION ALL 

  SELECT date_trunc('month', "placedAt")::date, "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM (SELECT *, -1 AS sign FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])) f
  UNION ALL
  SELECT date_trunc('month', "recalledAt")::date, "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM (SELECT *, -1 AS sign FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])) f WHERE "recalledAt" IS NOT NULL) AS contribution ("month", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance")
     GROUP BY "month", "agencyId", "product", "dpdBucket"
     HAVING sum("placedAccounts") <> 0 OR sum("placedBalance") <> 0 OR sum("recalledAccounts") <> 0 OR sum("recalledBalance") <> 0;

-- 40. MetricPlacementMonthly: change added (no parameters)
INSERT INTO "MetricPlacementMonthly" ("month", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance") SELECT "month", "agencyId", "product", "dpdBucket", "placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance" FROM metric_delta
     ON CONFLICT ("month", "agencyId", "product", "dpdBucket") DO UPDATE SET "placedAccounts" = "MetricPlacementMonthly"."placedAccounts" + EXCLUDED."placedAccounts", "placedBalance" = "MetricPlacementMonthly"."placedBalance" + EXCLUDED."placedBalance", "recalledAccounts" = "MetricPlacementMonthly"."recalledAccounts" + EXCLUDED."recalledAccounts", "recalledBalance" = "MetricPlacementMonthly"."recalledBalance" + EXCLUDED."recalledBalance";

-- 41. MetricPlacementMonthly: rows left at zero deleted (no parameters)
DELETE FROM "MetricPlacementMonthly" t USING metric_delta d
     WHERE t."month" = d."month" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."placedAccounts" = 0 AND t."placedBalance" = 0 AND t."recalledAccounts" = 0 AND t."recalledBalance" = 0;

-- 42. MetricPlacementMonthly: change dropped (no parameters)
DROP TABLE metric_delta;

-- 43. MetricVintageMonth (new placement months): change computed (no parameters)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "vintage", "agencyId", "product", "dpdBucket", "monthsSince", sum("collected") AS "collected"
     FROM (
    SELECT date_trunc('month', p."placedAt")::date, p."agencyId", p.product, p."dpdBucket", f."monthsSince", f.sign * f.collected
    FROM metric_new_placement_month f JOIN metric_new_placement p ON p."placementId" = f."placementId") AS contribution ("vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected")
     GROUP BY "vintage", "agencyId", "product", "dpdBucket", "monthsSince"
     HAVING sum("collected") <> 0;

-- 44. MetricVintageMonth (new placement months): change added (no parameters)
INSERT INTO "MetricVintageMonth" ("vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected") SELECT "vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected" FROM metric_delta
     ON CONFLICT ("vintage", "agencyId", "product", "dpdBucket", "monthsSince") DO UPDATE SET "collected" = "MetricVintageMonth"."collected" + EXCLUDED."collected";

-- 45. MetricVintageMonth (new placement months): rows left at zero deleted (no parameters)
DELETE FROM "MetricVintageMonth" t USING metric_delta d
     WHERE t."vintage" = d."vintage" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."monthsSince" = d."monthsSince" AND t."collected" = 0;

-- 46. MetricVintageMonth (new placement months): change dropped (no parameters)
DROP TABLE metric_delta;

-- 47. MetricVintageMonth (stored placement months): change computed ($1 account ids)
CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT "vintage", "agencyId", "product", "dpdBucket", "monthsSince", sum("collected") AS "collected"
     FROM (
    SELECT date_trunc('month', p."placedAt")::date, p."agencyId", p.product, p."dpdBucket", f."monthsSince", f.sign * f.collected
    FROM (SELECT *, -1 AS sign FROM "MetricPlacementMonth" WHERE "accountId" = ANY($1::int[])) f JOIN (SELECT * FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])) p ON p."placementId" = f."placementId") AS contribution ("vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected")
     GROUP BY "vintage", "agencyId", "product", "dpdBucket", "monthsSince"
     HAVING sum("collected") <> 0;

-- 48. MetricVintageMonth (stored placement months): change added (no parameters)
INSERT INTO "MetricVintageMonth" ("vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected") SELECT "vintage", "agencyId", "product", "dpdBucket", "monthsSince", "collected" FROM metric_delta
     ON CONFLICT ("vintage", "agencyId", "product", "dpdBucket", "monthsSince") DO UPDATE SET "collected" = "MetricVintageMonth"."collected" + EXCLUDED."collected";

-- 49. MetricVintageMonth (stored placement months): rows left at zero deleted (no parameters)
DELETE FROM "MetricVintageMonth" t USING metric_delta d
     WHERE t."vintage" = d."vintage" AND t."agencyId" = d."agencyId" AND t."product" = d."product" AND t."dpdBucket" = d."dpdBucket" AND t."monthsSince" = d."monthsSince" AND t."collected" = 0;

-- 50. MetricVintageMonth (stored placement months): change dropped (no parameters)
DROP TABLE metric_delta;

-- 51. MetricAccountDay: stored facts removed ($1 account ids)
DELETE FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[]);

-- 52. MetricAccountDay: new facts stored (no parameters)
INSERT INTO "MetricAccountDay" ("accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations") SELECT "accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "collected", "commission", "outboundContacts", "wrongPartyContacts", "thirdPartyContacts", "promisesDue", "promisesKept", "complaints", "upheldComplaints", "violations", "violationsHigh", "openHighViolations" FROM metric_new_day;

-- 53. MetricAccountDay: temporary table dropped (no parameters)
DROP TABLE metric_new_day;

-- 54. MetricAccountMonth: stored facts removed ($1 account ids)
DELETE FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[]);

-- 55. MetricAccountMonth: new facts stored (no parameters)
INSERT INTO "MetricAccountMonth" ("accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", "previousWorkedMonth", "previousWorkedMonthInBucket", "nextWorkedMonth", "nextWorkedMonthInBucket", "previousContactedMonth", "previousContactedMonthInBucket", "nextContactedMonth", "nextContactedMonthInBucket", "previousRpcMonth", "previousRpcMonthInBucket", "nextRpcMonth", "nextRpcMonthInBucket", "previousPromiseMonth", "previousPromiseMonthInBucket", "nextPromiseMonth", "nextPromiseMonthInBucket", "nextWorkedFirstDay", "nextWorkedFirstDayInBucket", "nextContactedFirstDay", "nextContactedFirstDayInBucket", "nextRpcFirstDay", "nextRpcFirstDayInBucket", "nextPromiseFirstDay", "nextPromiseFirstDayInBucket") SELECT "accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", "previousWorkedMonth", "previousWorkedMonthInBucket", "nextWorkedMonth", "nextWorkedMonthInBucket", "previousContactedMonth", "previousContactedMonthInBucket", "nextContactedMonth", "nextContactedMonthInBucket", "previousRpcMonth", "previousRpcMonthInBucket", "nextRpcMonth", "nextRpcMonthInBucket", "previousPromiseMonth", "previousPromiseMonthInBucket", "nextPromiseMonth", "nextPromiseMonthInBucket", "nextWorkedFirstDay", "nextWorkedFirstDayInBucket", "nextContactedFirstDay", "nextContactedFirstDayInBucket", "nextRpcFirstDay", "nextRpcFirstDayInBucket", "nextPromiseFirstDay", "nextPromiseFirstDayInBucket" FROM metric_new_month;

-- 56. MetricAccountMonth: temporary table dropped (no parameters)
DROP TABLE metric_new_month;

-- 57. MetricAccountRuleDay: stored facts removed ($1 account ids)
DELETE FROM "MetricAccountRuleDay" WHERE "accountId" = ANY($1::int[]);

-- 58. MetricAccountRuleDay: new facts stored (no parameters)
INSERT INTO "MetricAccountRuleDay" ("accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "ruleCode", "severity", "violations") SELECT "accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "ruleCode", "severity", "violations" FROM metric_new_rule_day;

-- 59. MetricAccountRuleDay: temporary table dropped (no parameters)
DROP TABLE metric_new_rule_day;

-- 60. MetricPlacement: stored facts removed ($1 account ids)
DELETE FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[]);

-- 61. MetricPlacement: new facts stored (no parameters)
INSERT INTO "MetricPlacement" ("placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand") SELECT "placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand" FROM metric_new_placement;

-- 62. MetricPlacement: temporary table dropped (no parameters)
DROP TABLE metric_new_placement;

-- 63. MetricPlacementMonth: stored facts removed ($1 account ids)
DELETE FROM "MetricPlacementMonth" WHERE "accountId" = ANY($1::int[]);

-- 64. MetricPlacementMonth: new facts stored (no parameters)
INSERT INTO "MetricPlacementMonth" ("placementId", "monthsSince", "accountId", "collected") SELECT "placementId", "monthsSince", "accountId", "collected" FROM metric_new_placement_month;

-- 65. MetricPlacementMonth: temporary table dropped (no parameters)
DROP TABLE metric_new_placement_month;
