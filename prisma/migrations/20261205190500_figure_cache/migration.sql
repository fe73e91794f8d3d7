-- CreateTable
CREATE TABLE "DataGeneration" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "generation" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "DataGeneration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
-- UNLOGGED (written by hand; Prisma's diff does not see it): a cache, not data. A crash empties it, which only costs
-- a recomputation, and its writes skip the WAL.
CREATE UNLOGGED TABLE "FigureCache" (
    "page" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "filterKey" TEXT NOT NULL,
    "generation" BIGINT NOT NULL,
    "value" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FigureCache_pkey" PRIMARY KEY ("page","scope","filterKey")
);

-- CreateIndex
CREATE INDEX "FigureCache_generation_idx" ON "FigureCache"("generation");
