-- A violation names its trigger event without a foreign key (ADR 054): the per-row check of the key on the
-- partitioned events table cost more than half of a full rule run that writes violations.
-- DropForeignKey
ALTER TABLE "Violation" DROP CONSTRAINT "Violation_triggerEventId_occurredAt_fkey";
