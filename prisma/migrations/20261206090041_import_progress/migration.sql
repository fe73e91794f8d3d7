-- CreateTable
-- An import's progress while it runs (ADR 049), written every 10,000 rows from a connection of its own. Kept out of
-- "ImportBatch" and without foreign keys: on a Citus cluster an update of a reference table with foreign keys waits
-- for the import's own transaction, which holds the referenced tables' shard locks until it commits.
CREATE TABLE "ImportProgress" (
    "batchId" INTEGER NOT NULL,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "processedBytes" BIGINT NOT NULL DEFAULT 0,
    "rejectedRows" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportProgress_pkey" PRIMARY KEY ("batchId")
);
