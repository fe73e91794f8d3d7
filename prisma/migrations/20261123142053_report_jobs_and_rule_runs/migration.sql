-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "AuditReport" ADD COLUMN     "createdById" INTEGER,
ADD COLUMN     "errorMessage" TEXT,
ADD COLUMN     "jobState" "JobState" NOT NULL DEFAULT 'QUEUED',
ADD COLUMN     "masked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "progress" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rulePacks" JSONB,
ADD COLUMN     "summary" JSONB;

-- CreateTable
CREATE TABLE "RuleEvaluationRun" (
    "id" SERIAL NOT NULL,
    "reason" TEXT NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "totalCustomers" INTEGER NOT NULL DEFAULT 0,
    "processedCustomers" INTEGER NOT NULL DEFAULT 0,
    "violationsFound" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "requestedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RuleEvaluationRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleEvaluationRun_createdAt_idx" ON "RuleEvaluationRun"("createdAt");
