import { isIngestFileError } from "../app/ingest/readers/file-error";
import { answerUploadRequest, type UploadChildRequest, type UploadPreviewAnswer } from "../app/ingest/pipeline/preview-upload.server";

// One upload preview (or one column's value counts) per process (app/ingest/pipeline/preview-upload.server.ts starts it with a heap limit): the request on
// stdin, the answer as one JSON document on stdout. Dying of memory here costs the web server nothing (ADR 012).
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as UploadChildRequest;
let answer: UploadPreviewAnswer;
try {
  answer = await answerUploadRequest(request);
} catch (error) {
  answer = isIngestFileError(error)
    ? { ok: false, fileError: { code: error.code, reasons: error.reasons, rowNumber: error.rowNumber } }
    : { ok: false, error: error instanceof Error ? error.message : String(error) };
}
process.stdout.write(JSON.stringify(answer), () => process.exit(0));
