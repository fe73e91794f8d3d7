-- CreateEnum
CREATE TYPE "ComplaintOutcome" AS ENUM ('UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD');

-- CreateEnum
CREATE TYPE "ComplaintCorroboration" AS ENUM ('CORROBORATED', 'LOGGED_NO_VIOLATION', 'NO_MATCHING_LOG', 'NOT_CHECKABLE');

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "agencyResponse" TEXT,
ADD COLUMN     "assignedToId" INTEGER,
ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "corroboratedAt" TIMESTAMP(3),
ADD COLUMN     "corroboration" "ComplaintCorroboration",
ADD COLUMN     "corroborationDetail" JSONB,
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "investigatingAt" TIMESTAMP(3),
ADD COLUMN     "outcome" "ComplaintOutcome",
ADD COLUMN     "respondedAt" TIMESTAMP(3),
ADD COLUMN     "responseDueOn" DATE,
ADD COLUMN     "rootCause" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- The old statuses become the life cycle's: OPEN is RECEIVED; UPHELD and NOT_UPHELD were closing decisions, so
-- they become CLOSED with that outcome (closed when last changed).
UPDATE "Complaint" SET "outcome" = "status"::text::"ComplaintOutcome", "closedAt" = "updatedAt" WHERE "status"::text IN ('UPHELD', 'NOT_UPHELD');
UPDATE "Complaint" SET "closedAt" = "updatedAt" WHERE "status"::text = 'CLOSED';
UPDATE "Complaint" SET "investigatingAt" = "updatedAt" WHERE "status"::text = 'INVESTIGATING';

-- AlterEnum
CREATE TYPE "ComplaintStatus_new" AS ENUM ('RECEIVED', 'INVESTIGATING', 'RESPONDED', 'CLOSED');
ALTER TABLE "Complaint" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Complaint" ALTER COLUMN "status" TYPE "ComplaintStatus_new" USING (
  CASE "status"::text WHEN 'OPEN' THEN 'RECEIVED' WHEN 'UPHELD' THEN 'CLOSED' WHEN 'NOT_UPHELD' THEN 'CLOSED' ELSE "status"::text END
)::"ComplaintStatus_new";
ALTER TYPE "ComplaintStatus" RENAME TO "ComplaintStatus_old";
ALTER TYPE "ComplaintStatus_new" RENAME TO "ComplaintStatus";
DROP TYPE "ComplaintStatus_old";
ALTER TABLE "Complaint" ALTER COLUMN "status" SET DEFAULT 'RECEIVED';

-- CreateTable
CREATE TABLE "ComplaintChange" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "ComplaintStatus",
    "toStatus" "ComplaintStatus" NOT NULL,
    "userId" INTEGER,
    "note" TEXT,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplaintChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintViolation" (
    "complaintId" INTEGER NOT NULL,
    "violationId" BIGINT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "linkedBy" TEXT NOT NULL,

    CONSTRAINT "ComplaintViolation_pkey" PRIMARY KEY ("complaintId","violationId")
);

-- CreateTable
CREATE TABLE "ComplaintAttachment" (
    "id" SERIAL NOT NULL,
    "complaintId" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplaintAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ComplaintChange_complaintId_id_idx" ON "ComplaintChange"("complaintId", "id");

-- CreateIndex
CREATE INDEX "ComplaintViolation_violationId_idx" ON "ComplaintViolation"("violationId");

-- CreateIndex
CREATE INDEX "ComplaintAttachment_complaintId_idx" ON "ComplaintAttachment"("complaintId");

-- CreateIndex
CREATE INDEX "Complaint_status_responseDueOn_idx" ON "Complaint"("status", "responseDueOn");

-- CreateIndex
CREATE INDEX "Complaint_corroboration_idx" ON "Complaint"("corroboration");

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintChange" ADD CONSTRAINT "ComplaintChange_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintViolation" ADD CONSTRAINT "ComplaintViolation_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintAttachment" ADD CONSTRAINT "ComplaintAttachment_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintAttachment" ADD CONSTRAINT "ComplaintAttachment_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "StoredFile"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;
