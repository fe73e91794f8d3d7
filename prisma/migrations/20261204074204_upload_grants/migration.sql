-- CreateTable
CREATE TABLE "UploadGrant" (
    "sha256" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UploadGrant_pkey" PRIMARY KEY ("sha256","userId")
);

-- CreateIndex
CREATE INDEX "UploadGrant_createdAt_idx" ON "UploadGrant"("createdAt");

-- AddForeignKey
ALTER TABLE "UploadGrant" ADD CONSTRAINT "UploadGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
