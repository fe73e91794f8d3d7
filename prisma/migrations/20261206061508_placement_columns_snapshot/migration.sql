-- CreateTable
-- UNLOGGED (written by hand; Prisma's diff does not see it): the recovery index's placement columns of one placement
-- generation (ADR 053), a cache rebuilt from MetricPlacement when missing. EXTERNAL storage: typed arrays barely
-- compress, and compressing ten megabytes costs the writer more than the disk it saves.
CREATE UNLOGGED TABLE "MetricPlacementColumns" (
    "generation" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricPlacementColumns_pkey" PRIMARY KEY ("generation")
);

ALTER TABLE "MetricPlacementColumns" ALTER COLUMN "data" SET STORAGE EXTERNAL;
