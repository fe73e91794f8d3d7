-- Monthly partitions of the activity log and its violations, and the idempotency key table (ADR 041).
-- Written by hand: Prisma cannot declare partitioning, so schema.prisma declares the composite keys and this script
-- creates the partitioned tables (as FigureCache's UNLOGGED, ADR 040). Existing rows are converted: the old table is
-- renamed, the partitioned one created with the same columns (and the same id sequence), one partition per UTC month
-- present plus a DEFAULT partition, the rows copied, then the keys, indexes and foreign keys recreated.

-- The idempotency key (agency + the agency's event id), which a table partitioned by time cannot enforce.
CREATE TABLE "ActivityEventKey" (
    "agencyId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "importBatchId" INTEGER NOT NULL,
    "occurredMonth" DATE NOT NULL,

    CONSTRAINT "ActivityEventKey_pkey" PRIMARY KEY ("agencyId","eventId")
);

INSERT INTO "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth")
SELECT "agencyId", "eventId", "contentHash", "importBatchId", date_trunc('month', "occurredAt" AT TIME ZONE 'UTC')::date
  FROM "ActivityEvent";

CREATE INDEX "ActivityEventKey_occurredMonth_idx" ON "ActivityEventKey"("occurredMonth");

-- A violation's time is its trigger event's (the rule engine writes it so); the composite foreign key requires it.
UPDATE "Violation" v SET "occurredAt" = e."occurredAt"
  FROM "ActivityEvent" e WHERE e.id = v."triggerEventId" AND v."occurredAt" IS DISTINCT FROM e."occurredAt";

-- A complaint link carries its event's time, the second half of the event's key.
ALTER TABLE "ComplaintEvent" ADD COLUMN "eventOccurredAt" TIMESTAMPTZ(3);
UPDATE "ComplaintEvent" c SET "eventOccurredAt" = e."occurredAt" FROM "ActivityEvent" e WHERE e.id = c."eventId";
ALTER TABLE "ComplaintEvent" ALTER COLUMN "eventOccurredAt" SET NOT NULL;

ALTER TABLE "ComplaintEvent" DROP CONSTRAINT "ComplaintEvent_eventId_fkey";
ALTER TABLE "Violation" DROP CONSTRAINT "Violation_triggerEventId_fkey";
DROP INDEX "ComplaintEvent_eventId_idx";

-- The tables being replaced keep their sequences for the new ones.
ALTER SEQUENCE "ActivityEvent_id_seq" OWNED BY NONE;
ALTER SEQUENCE "Violation_id_seq" OWNED BY NONE;
ALTER TABLE "ActivityEvent" RENAME TO "ActivityEvent_unpartitioned";
ALTER TABLE "Violation" RENAME TO "Violation_unpartitioned";

CREATE TABLE "ActivityEvent" (LIKE "ActivityEvent_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurredAt");
CREATE TABLE "Violation" (LIKE "Violation_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurredAt");
CREATE TABLE "ActivityEvent_default" PARTITION OF "ActivityEvent" DEFAULT;
CREATE TABLE "Violation_default" PARTITION OF "Violation" DEFAULT;

-- One partition per UTC month present, named as app/db/month-partitions.server.ts names them.
DO $$
DECLARE
  m timestamp;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', "occurredAt" AT TIME ZONE 'UTC') FROM "ActivityEvent_unpartitioned"
    UNION
    SELECT DISTINCT date_trunc('month', "occurredAt" AT TIME ZONE 'UTC') FROM "Violation_unpartitioned"
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "ActivityEvent" FOR VALUES FROM (%L) TO (%L)',
      'ActivityEvent_p' || to_char(m, 'YYYY_MM'), m::text || '+00', (m + interval '1 month')::text || '+00');
    EXECUTE format('CREATE TABLE %I PARTITION OF "Violation" FOR VALUES FROM (%L) TO (%L)',
      'Violation_p' || to_char(m, 'YYYY_MM'), m::text || '+00', (m + interval '1 month')::text || '+00');
  END LOOP;
END
$$;

INSERT INTO "ActivityEvent" SELECT * FROM "ActivityEvent_unpartitioned";
INSERT INTO "Violation" SELECT * FROM "Violation_unpartitioned";
DROP TABLE "ActivityEvent_unpartitioned";
DROP TABLE "Violation_unpartitioned";
ALTER SEQUENCE "ActivityEvent_id_seq" OWNED BY "ActivityEvent"."id";
ALTER SEQUENCE "Violation_id_seq" OWNED BY "Violation"."id";

-- AddPrimaryKey
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_pkey" PRIMARY KEY ("id", "occurredAt");
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_pkey" PRIMARY KEY ("id", "occurredAt");

-- CreateIndex
CREATE INDEX "ActivityEvent_importBatchId_idx" ON "ActivityEvent"("importBatchId");
CREATE INDEX "ActivityEvent_accountId_occurredAt_idx" ON "ActivityEvent"("accountId", "occurredAt");
CREATE INDEX "ActivityEvent_agencyId_occurredAt_idx" ON "ActivityEvent"("agencyId", "occurredAt");
CREATE INDEX "ActivityEvent_agentId_occurredAt_idx" ON "ActivityEvent"("agentId", "occurredAt");
CREATE INDEX "ActivityEvent_phoneNumber_idx" ON "ActivityEvent"("phoneNumber");

CREATE UNIQUE INDEX "Violation_ruleCode_triggerEventId_occurredAt_key" ON "Violation"("ruleCode", "triggerEventId", "occurredAt");
CREATE INDEX "Violation_triggerEventId_occurredAt_idx" ON "Violation"("triggerEventId", "occurredAt");
CREATE INDEX "Violation_agencyId_occurredAt_idx" ON "Violation"("agencyId", "occurredAt");
CREATE INDEX "Violation_agentId_occurredAt_idx" ON "Violation"("agentId", "occurredAt");
CREATE INDEX "Violation_accountId_occurredAt_idx" ON "Violation"("accountId", "occurredAt");
CREATE INDEX "Violation_status_severity_idx" ON "Violation"("status", "severity");

CREATE INDEX "ComplaintEvent_eventId_eventOccurredAt_idx" ON "ComplaintEvent"("eventId", "eventOccurredAt");

-- AddForeignKey
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Violation" ADD CONSTRAINT "Violation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_triggerEventId_occurredAt_fkey" FOREIGN KEY ("triggerEventId", "occurredAt") REFERENCES "ActivityEvent"("id", "occurredAt") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_rulePackId_fkey" FOREIGN KEY ("rulePackId") REFERENCES "RulePack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ComplaintEvent" ADD CONSTRAINT "ComplaintEvent_eventId_eventOccurredAt_fkey" FOREIGN KEY ("eventId", "eventOccurredAt") REFERENCES "ActivityEvent"("id", "occurredAt") ON DELETE RESTRICT ON UPDATE CASCADE;
