-- CreateEnum
CREATE TYPE "AgencyStatus" AS ENUM ('APPROVED', 'PROBATION', 'SUSPENDED', 'TERMINATED');

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "status" "AgencyStatus" NOT NULL DEFAULT 'APPROVED';

-- CreateTable
CREATE TABLE "AgencyProfile" (
    "agencyId" INTEGER NOT NULL,
    "country" TEXT,
    "legalName" TEXT NOT NULL DEFAULT '',
    "registrationNumber" TEXT NOT NULL DEFAULT '',
    "insurer" TEXT NOT NULL DEFAULT '',
    "insurancePolicy" TEXT NOT NULL DEFAULT '',
    "insuranceValidTo" DATE,
    "renewalNoticeDays" INTEGER,
    "dpaSignedOn" DATE,
    "dpaReference" TEXT NOT NULL DEFAULT '',
    "infosecAttestation" TEXT NOT NULL DEFAULT '',
    "infosecAttestedOn" DATE,
    "complaintPolicy" TEXT NOT NULL DEFAULT '',
    "trainingPolicy" TEXT NOT NULL DEFAULT '',
    "subcontractors" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" INTEGER,

    CONSTRAINT "AgencyProfile_pkey" PRIMARY KEY ("agencyId")
);

-- CreateTable
CREATE TABLE "AgencyLicence" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgencyLicence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyDocument" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "validFrom" DATE,
    "expiresOn" DATE,
    "note" TEXT NOT NULL DEFAULT '',
    "uploadedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyStatusChange" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "fromStatus" "AgencyStatus",
    "toStatus" "AgencyStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "changedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyExpiryReminder" (
    "id" SERIAL NOT NULL,
    "subject" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "expiresOn" DATE NOT NULL,
    "stage" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyExpiryReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgencyLicence_agencyId_number_key" ON "AgencyLicence"("agencyId", "number");

-- CreateIndex
CREATE INDEX "AgencyDocument_expiresOn_idx" ON "AgencyDocument"("expiresOn");

-- CreateIndex
CREATE UNIQUE INDEX "AgencyDocument_agencyId_type_version_key" ON "AgencyDocument"("agencyId", "type", "version");

-- CreateIndex
CREATE INDEX "AgencyStatusChange_agencyId_createdAt_idx" ON "AgencyStatusChange"("agencyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgencyExpiryReminder_subject_subjectId_expiresOn_stage_key" ON "AgencyExpiryReminder"("subject", "subjectId", "expiresOn", "stage");

-- AddForeignKey
ALTER TABLE "AgencyProfile" ADD CONSTRAINT "AgencyProfile_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyLicence" ADD CONSTRAINT "AgencyLicence_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyDocument" ADD CONSTRAINT "AgencyDocument_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyDocument" ADD CONSTRAINT "AgencyDocument_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "StoredFile"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyStatusChange" ADD CONSTRAINT "AgencyStatusChange_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
