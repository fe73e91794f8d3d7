-- CreateEnum
CREATE TYPE "ConsentScope" AS ENUM ('CALLS_ABOUT_DEBT', 'INCONVENIENT_TIME', 'INCONVENIENT_PLACE', 'THIRD_PARTY_CONTACT', 'EMAIL_ADDRESS', 'TEXT_NUMBER', 'DIRECT_CONTACT');

-- CreateEnum
CREATE TYPE "ContactRestriction" AS ENUM ('INCONVENIENT_TIME', 'INCONVENIENT_PLACE', 'MEDIUM');

-- CreateEnum
CREATE TYPE "ContactPlace" AS ENUM ('HOME', 'WORK', 'OTHER');

-- CreateEnum
CREATE TYPE "DisputeForm" AS ENUM ('WRITTEN', 'ORAL');

-- CreateEnum
CREATE TYPE "VoicemailContent" AS ENUM ('LIMITED_CONTENT', 'REVEALS_DEBT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ActivityType" ADD VALUE 'CONSENT';
ALTER TYPE "ActivityType" ADD VALUE 'CONSENT_REVOKED';
ALTER TYPE "ActivityType" ADD VALUE 'ATTORNEY_NOTICE';
ALTER TYPE "ActivityType" ADD VALUE 'CONTACT_RESTRICTION';
ALTER TYPE "ActivityType" ADD VALUE 'VALIDATION_NOTICE';
ALTER TYPE "ActivityType" ADD VALUE 'VERIFICATION_SENT';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ContactParty" ADD VALUE 'ATTORNEY';
ALTER TYPE "ContactParty" ADD VALUE 'EXECUTOR';
ALTER TYPE "ContactParty" ADD VALUE 'PARENT_GUARDIAN';
ALTER TYPE "ContactParty" ADD VALUE 'CONFIRMED_SUCCESSOR';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "possibleTimeZones" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "ActivityEvent" ADD COLUMN     "consentScope" "ConsentScope",
ADD COLUMN     "disputeForm" "DisputeForm",
ADD COLUMN     "endsAt" TIMESTAMPTZ(3),
ADD COLUMN     "place" "ContactPlace",
ADD COLUMN     "restrictedHours" TEXT,
ADD COLUMN     "restrictedMedium" "ActivityType",
ADD COLUMN     "restriction" "ContactRestriction",
ADD COLUMN     "voicemailContent" "VoicemailContent";
