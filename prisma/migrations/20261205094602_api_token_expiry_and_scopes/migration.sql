-- CreateEnum
CREATE TYPE "ApiTokenScope" AS ENUM ('UPLOAD', 'READ_METRICS');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "scopes" "ApiTokenScope"[] DEFAULT ARRAY['UPLOAD', 'READ_METRICS']::"ApiTokenScope"[];
