// The header and first rows of a stored upload, read in a short-lived child process with its own heap limit: the web
// server never parses an uploaded file itself, so a workbook that expands to more memory than allowed ends that child
// and becomes a plain "file unreadable" answer instead of taking every user's requests down with it (ADR 012).
import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "~/project-root.server";
import { environmentForChild, getEnv, nodeOptions } from "~/env.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { IngestFileError, type IngestFileErrorCode } from "../readers/file-error";
import { previewRows, readRows, type SourcePreview } from "../readers/read-rows";
import { type ImportMessage, importMessage } from "../rows/import-message";
import { openStoredUpload } from "./uploads.server";

export type UploadPreviewRequest = { storedPath: string; fileName: string; kind: ImportKind; maxRows: number };
/** Count every row's value of one column (trimmed, upper-cased) through the whole file. */
export type UploadCountRequest = { storedPath: string; fileName: string; kind: ImportKind; countValuesOf: string };
export type UploadChildRequest = UploadPreviewRequest | UploadCountRequest;

/** What the child writes on stdout, one JSON document. */
export type UploadPreviewAnswer =
  | { ok: true; preview: SourcePreview }
  | { ok: true; counts: Record<string, number> }
  | { ok: false; fileError: { code: IngestFileErrorCode; reasons: readonly ImportMessage[]; rowNumber?: number } }
  | { ok: false; error: string };

/** The child's own work (server/preview-upload-child.ts), also what runs in-process for trusted callers. */
export async function readUploadPreview(request: UploadPreviewRequest): Promise<SourcePreview> {
  return previewRows({ stream: openStoredUpload(request.storedPath), fileName: request.fileName, kind: request.kind }, { maxRows: request.maxRows });
}

/**
 * How many rows carry each value of one column, over the whole file: the preview's rows are only the first ones, but
 * a notice such as "N rows place accounts with an agency on probation" must count them all. Rows the reader cannot
 * use are left out, as the import leaves them out.
 */
export async function countUploadValues(request: UploadCountRequest): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const row of readRows({ stream: openStoredUpload(request.storedPath), fileName: request.fileName, kind: request.kind })) {
    if (row.error) continue;
    const value = row.values[request.countValuesOf]?.trim().toUpperCase();
    if (value) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/** The child's work for one request. */
export async function answerUploadRequest(request: UploadChildRequest): Promise<UploadPreviewAnswer> {
  if ("countValuesOf" in request) return { ok: true, counts: await countUploadValues(request) };
  return { ok: true, preview: await readUploadPreview(request) };
}

const childEntry = () => path.join(projectRoot(), "server", "preview-upload-child.ts");

/**
 * readUploadPreview in a child process limited to UPLOAD_PREVIEW_HEAP_MB. File problems are thrown as IngestFileError,
 * as from previewRows; running out of memory is one of them (NEEDS_TOO_MUCH_MEMORY).
 */
export async function previewUploadInChild(request: UploadPreviewRequest, options: { heapMb?: number } = {}): Promise<SourcePreview> {
  const answer = await runUploadChild(request, options);
  if (!("preview" in answer)) throw new Error("Reading the upload failed: the reading process answered another request.");
  return answer.preview;
}

/** countUploadValues in a child process, with the same heap limit and file errors as previewUploadInChild. */
export async function countUploadValuesInChild(request: UploadCountRequest, options: { heapMb?: number } = {}): Promise<Record<string, number>> {
  const answer = await runUploadChild(request, options);
  if (!("counts" in answer)) throw new Error("Reading the upload failed: the reading process answered another request.");
  return answer.counts;
}

async function runUploadChild(request: UploadChildRequest, options: { heapMb?: number }): Promise<Extract<UploadPreviewAnswer, { ok: true }>> {
  const heapMb = options.heapMb ?? getEnv().UPLOAD_PREVIEW_HEAP_MB;
  // NODE_OPTIONS may carry this process's own heap limit; the child's is on its command line, which wins anyway.
  const childNodeOptions = nodeOptions().replace(/--max-old-space-size=\d+/g, "").trim();
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, "--import", "tsx", childEntry()], {
    cwd: projectRoot(),
    env: environmentForChild({ NODE_OPTIONS: childNodeOptions }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(JSON.stringify(request));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  let answer: UploadPreviewAnswer | undefined;
  try {
    answer = JSON.parse(Buffer.concat(stdout).toString("utf8")) as UploadPreviewAnswer;
  } catch {
    answer = undefined;
  }
  if (answer?.ok) return answer;
  if (answer && "fileError" in answer) throw new IngestFileError(answer.fileError.code, answer.fileError.reasons, answer.fileError.rowNumber);
  if (answer && "error" in answer) throw new Error(`Reading the upload failed: ${answer.error}`);
  const errorOutput = Buffer.concat(stderr).toString("utf8");
  if (/heap out of memory|Reached heap limit/i.test(errorOutput) || exit.signal === "SIGABRT" || exit.signal === "SIGKILL" || exit.code === 134) {
    throw new IngestFileError("NEEDS_TOO_MUCH_MEMORY", importMessage("importFile.needsTooMuchMemory", { heapMb }));
  }
  throw new Error(`Reading the upload failed: the reading process ended (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`}) ${errorOutput.trim().split("\n").slice(-3).join(" ")}`);
}
