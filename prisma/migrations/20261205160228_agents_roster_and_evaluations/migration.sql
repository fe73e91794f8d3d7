-- CreateEnum
CREATE TYPE "EvaluationStatus" AS ENUM ('DRAFT', 'SIGNED');

-- CreateEnum
CREATE TYPE "EvaluationDecision" AS ENUM ('RENEW', 'RENEW_WITH_CONDITIONS', 'DO_NOT_RENEW');

-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'AGENTS';

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "endDate" DATE,
ADD COLUMN     "rosterBatchId" INTEGER,
ADD COLUMN     "startDate" DATE;

-- CreateTable
CREATE TABLE "AgentTraining" (
    "id" SERIAL NOT NULL,
    "agentId" INTEGER NOT NULL,
    "course" TEXT NOT NULL,
    "trainedOn" DATE NOT NULL,
    "score" DECIMAL(5,2),
    "certificateExpiresOn" DATE NOT NULL,
    "importBatchId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentTraining_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyEvaluation" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "periodFrom" DATE NOT NULL,
    "periodTo" DATE NOT NULL,
    "status" "EvaluationStatus" NOT NULL DEFAULT 'DRAFT',
    "figures" JSONB NOT NULL,
    "sections" JSONB NOT NULL,
    "overallRating" INTEGER,
    "decision" "EvaluationDecision",
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "conditionFindingIds" INTEGER[],
    "lenderNotes" TEXT NOT NULL DEFAULT '',
    "notesShared" BOOLEAN NOT NULL DEFAULT false,
    "vendorSignedById" INTEGER,
    "vendorSignedAt" TIMESTAMP(3),
    "complianceSignedById" INTEGER,
    "complianceSignedAt" TIMESTAMP(3),
    "workbook" BYTEA,
    "workbookSha256" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgencyEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentTraining_agentId_course_trainedOn_key" ON "AgentTraining"("agentId", "course", "trainedOn");

-- CreateIndex
CREATE INDEX "AgencyEvaluation_agencyId_periodTo_idx" ON "AgencyEvaluation"("agencyId", "periodTo");

-- AddForeignKey
ALTER TABLE "AgentTraining" ADD CONSTRAINT "AgentTraining_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyEvaluation" ADD CONSTRAINT "AgencyEvaluation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyEvaluation" ADD CONSTRAINT "AgencyEvaluation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyEvaluation" ADD CONSTRAINT "AgencyEvaluation_vendorSignedById_fkey" FOREIGN KEY ("vendorSignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyEvaluation" ADD CONSTRAINT "AgencyEvaluation_complianceSignedById_fkey" FOREIGN KEY ("complianceSignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
