-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('DRAFT', 'ISSUED', 'RESPONDED', 'PLAN_ACCEPTED', 'PLAN_REJECTED', 'VERIFYING', 'CLOSED', 'ESCALATED');

-- CreateEnum
CREATE TYPE "FindingOrigin" AS ENUM ('CRITERIA', 'FILTER', 'SELECTION', 'POLICY');

-- CreateEnum
CREATE TYPE "FindingResponseKind" AS ENUM ('ACCEPTED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "FindingActionStatus" AS ENUM ('OPEN', 'DONE');

-- CreateEnum
CREATE TYPE "ContestReason" AS ENUM ('CONSENT_ON_FILE', 'DEBTOR_REQUESTED_CALL', 'WRONG_DATA', 'NOT_OUR_CONTACT', 'OTHER');

-- CreateEnum
CREATE TYPE "ContestStatus" AS ENUM ('PENDING', 'UPHELD', 'REJECTED');

-- AlterEnum
ALTER TYPE "ApiTokenScope" ADD VALUE 'FINDINGS';

-- CreateTable
CREATE TABLE "Finding" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ruleCodes" TEXT[],
    "complaintCategories" TEXT[],
    "severity" "Severity" NOT NULL,
    "periodFrom" DATE NOT NULL,
    "periodTo" DATE NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'DRAFT',
    "origin" "FindingOrigin" NOT NULL,
    "criteria" JSONB NOT NULL,
    "policyKey" TEXT,
    "repeatOfId" INTEGER,
    "impact" JSONB NOT NULL,
    "evidenceFrozenAt" TIMESTAMP(3),
    "responseDueOn" DATE,
    "issuedAt" TIMESTAMP(3),
    "issuedById" INTEGER,
    "fixDate" DATE,
    "verification" JSONB,
    "escalationReason" TEXT,
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FindingViolation" (
    "findingId" INTEGER NOT NULL,
    "violationId" BIGINT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "accountId" INTEGER NOT NULL,
    "agentId" INTEGER,
    "status" "ViolationStatus" NOT NULL,

    CONSTRAINT "FindingViolation_pkey" PRIMARY KEY ("findingId","violationId")
);

-- CreateTable
CREATE TABLE "FindingComplaint" (
    "findingId" INTEGER NOT NULL,
    "complaintId" INTEGER NOT NULL,

    CONSTRAINT "FindingComplaint_pkey" PRIMARY KEY ("findingId","complaintId")
);

-- CreateTable
CREATE TABLE "FindingEvent" (
    "id" BIGSERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "FindingStatus",
    "toStatus" "FindingStatus" NOT NULL,
    "userId" INTEGER,
    "note" TEXT,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FindingResponse" (
    "id" SERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "kind" "FindingResponseKind" NOT NULL,
    "explanation" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "userId" INTEGER,
    "apiTokenId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" TEXT,
    "decisionNote" TEXT,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "FindingResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FindingAction" (
    "id" SERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "responseId" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueOn" DATE NOT NULL,
    "status" "FindingActionStatus" NOT NULL DEFAULT 'OPEN',
    "doneAt" TIMESTAMP(3),
    "doneById" INTEGER,
    "doneNote" TEXT,

    CONSTRAINT "FindingAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "FindingAttachment" (
    "id" SERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedById" INTEGER,
    "apiTokenId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ViolationContest" (
    "id" SERIAL NOT NULL,
    "violationId" BIGINT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "findingId" INTEGER,
    "reason" "ContestReason" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" "ContestStatus" NOT NULL DEFAULT 'PENDING',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "ViolationContest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Finding_policyKey_key" ON "Finding"("policyKey");

-- CreateIndex
CREATE INDEX "Finding_agencyId_status_idx" ON "Finding"("agencyId", "status");

-- CreateIndex
CREATE INDEX "Finding_status_responseDueOn_idx" ON "Finding"("status", "responseDueOn");

-- CreateIndex
CREATE INDEX "FindingViolation_violationId_idx" ON "FindingViolation"("violationId");

-- CreateIndex
CREATE INDEX "FindingComplaint_complaintId_idx" ON "FindingComplaint"("complaintId");

-- CreateIndex
CREATE INDEX "FindingEvent_findingId_id_idx" ON "FindingEvent"("findingId", "id");

-- CreateIndex
CREATE INDEX "FindingResponse_findingId_id_idx" ON "FindingResponse"("findingId", "id");

-- CreateIndex
CREATE INDEX "FindingAction_findingId_idx" ON "FindingAction"("findingId");

-- CreateIndex
CREATE INDEX "FindingAttachment_findingId_idx" ON "FindingAttachment"("findingId");

-- CreateIndex
CREATE INDEX "ViolationContest_violationId_idx" ON "ViolationContest"("violationId");

-- CreateIndex
CREATE INDEX "ViolationContest_agencyId_status_idx" ON "ViolationContest"("agencyId", "status");

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_repeatOfId_fkey" FOREIGN KEY ("repeatOfId") REFERENCES "Finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingViolation" ADD CONSTRAINT "FindingViolation_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingComplaint" ADD CONSTRAINT "FindingComplaint_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingComplaint" ADD CONSTRAINT "FindingComplaint_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingEvent" ADD CONSTRAINT "FindingEvent_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingResponse" ADD CONSTRAINT "FindingResponse_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingAction" ADD CONSTRAINT "FindingAction_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingAction" ADD CONSTRAINT "FindingAction_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "FindingResponse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingAttachment" ADD CONSTRAINT "FindingAttachment_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingAttachment" ADD CONSTRAINT "FindingAttachment_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "StoredFile"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ViolationContest" ADD CONSTRAINT "ViolationContest_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;
