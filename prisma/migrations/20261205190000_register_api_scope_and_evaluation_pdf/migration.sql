-- AlterEnum
ALTER TYPE "ApiTokenScope" ADD VALUE 'REGISTER';

-- AlterTable
ALTER TABLE "AgencyEvaluation" ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "pdfSha256" TEXT;
