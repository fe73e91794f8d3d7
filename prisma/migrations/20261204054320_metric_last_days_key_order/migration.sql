/*
  Warnings:

  - The primary key for the `MetricMonthLastDays` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- AlterTable
ALTER TABLE "MetricMonthLastDays" DROP CONSTRAINT "MetricMonthLastDays_pkey",
ADD CONSTRAINT "MetricMonthLastDays_pkey" PRIMARY KEY ("month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket");
