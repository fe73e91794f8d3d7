-- CreateTable
CREATE TABLE "LegalHold" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER,
    "agencyId" INTEGER,
    "reason" TEXT NOT NULL,
    "setById" INTEGER,
    "setAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedById" INTEGER,
    "clearedAt" TIMESTAMP(3),
    "clearReason" TEXT,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LegalHold_accountId_idx" ON "LegalHold"("accountId");

-- CreateIndex
CREATE INDEX "LegalHold_agencyId_idx" ON "LegalHold"("agencyId");

-- CreateIndex
CREATE INDEX "ComplaintEvent_eventId_idx" ON "ComplaintEvent"("eventId");

-- CreateIndex
CREATE INDEX "Violation_triggerEventId_idx" ON "Violation"("triggerEventId");
