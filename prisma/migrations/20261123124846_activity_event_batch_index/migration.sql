-- CreateIndex
CREATE INDEX "ActivityEvent_importBatchId_idx" ON "ActivityEvent"("importBatchId");
