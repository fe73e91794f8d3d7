-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "state" VARCHAR(2);
