-- The identity of the upload store (README "Running on several machines"): every web and worker process checks at
-- start that its OVERSIGHT_UPLOAD_DIR holds this store's marker file, so a machine pointed at a directory of its own
-- refuses to start instead of accepting uploads the other machines' workers cannot read.
CREATE TABLE "UploadStore" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "storeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UploadStore_pkey" PRIMARY KEY ("id")
);
