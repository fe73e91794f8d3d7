import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiBatch } from "~/api-tokens/api-batch";
import { BodyTooLargeError, limitedBytes, requestBodyChunks } from "~/http/read-body.server";
import { maxUploadBytes } from "~/env.server";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { listAgencyImportBatches } from "~/ingest/pipeline/import-batches.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { importKindParams, isAgencyImportKind, type SubmitImportResult } from "~/ingest/pipeline/import-types";
import { findMappingProfileByName } from "~/ingest/pipeline/mapping-profiles.server";
import { readUploadPart, UnreadableMultipartError, type UploadPart } from "~/ingest/pipeline/read-upload-part.server";
import { submitImport } from "~/ingest/pipeline/submit-import.server";
import { importLayouts, layoutKinds } from "~/ingest/pipeline/import-layouts.server";

// POST /api/v1/imports: an agency's systems upload an activity file with their API token (docs/API.md);
// GET /api/v1/imports lists the token's agency's batches, newest first, a page at a time.
// The body is streamed to the upload store (raw body, or the "file" part of a multipart form), never held in
// memory; the import itself runs as a background job and is followed at /api/v1/imports/:batchId.

/** A file name as given by the client: its last path segment, without control characters. */
function withoutControlCharacters(text: string): string {
  return [...text].filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f).join("");
}

const querySchema = z.strictObject({
  kind: z.enum(importKindParams).default("activities"),
  strict: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  mapping: z.string().trim().min(1).max(100).optional(),
  layout: z.enum(importLayouts, { message: `Unknown layout; the built-in layouts are: ${importLayouts.join(", ")}.` }).optional(),
  filename: z
    .string()
    .transform((value) => withoutControlCharacters(value.split(/[/\\]/).pop() ?? "").trim())
    .pipe(z.string().min(1).max(255))
    .optional(),
});

/** Raw bodies: the file name implied by each accepted Content-Type (null: the name must come from ?filename=). */
const rawContentTypes: Record<string, string | null> = {
  "text/csv": "upload.csv",
  "text/plain": "upload.csv",
  "application/x-ndjson": "upload.jsonl",
  "application/jsonl": "upload.jsonl",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "upload.xlsx",
  "application/octet-stream": null,
};

function answer(result: SubmitImportResult): Response {
  const statusUrl = result.batchId === null ? undefined : `/api/v1/imports/${result.batchId}`;
  switch (result.status) {
    case "queued":
      return apiJson({ batchId: result.batchId, status: "queued", statusUrl }, 202, { Location: statusUrl ?? "" });
    case "already-imported":
      return apiJson({ batchId: result.batchId, status: "already-imported", statusUrl });
    case "in-progress":
      return apiError(409, "IMPORT_IN_PROGRESS", "The same file is being imported right now; follow statusUrl.", { extra: { batchId: result.batchId, statusUrl } });
    case "rejected":
      return apiError(422, result.code, result.message, { extra: { batchId: result.batchId, ...(statusUrl ? { statusUrl } : {}) } });
  }
}

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "UPLOAD");
    const parsed = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ parameter: issue.path.join(".") || null, message: issue.message }));
      return apiError(400, "INVALID_REQUEST", "Invalid query parameters.", { details: { issues } });
    }
    const page = await listAgencyImportBatches({ agencyId: token.agencyId, limit: parsed.data.limit, before: parsed.data.before });
    const nextUrl = page.nextBefore === null ? null : `/api/v1/imports?limit=${parsed.data.limit}&before=${page.nextBefore}`;
    return apiJson({ agencyCode: token.agencyCode, items: page.items.map(apiBatch), nextUrl });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApiRequest(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const token = await requireApiToken(request, "UPLOAD");
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ parameter: issue.path.join(".") || null, message: issue.message }));
      return apiError(400, "INVALID_REQUEST", "Invalid query parameters.", { details: { issues } });
    }
    const query = parsed.data;
    const kind = query.kind.toUpperCase() as ImportKind;
    if (query.layout !== undefined && layoutKinds[query.layout] !== kind) {
      return apiError(422, "LAYOUT_NOT_FOR_KIND", `The ${query.layout} layout is a layout of ${layoutKinds[query.layout].toLowerCase()} files; send it with kind=${layoutKinds[query.layout].toLowerCase()}.`, { extra: { batchId: null } });
    }
    if (!isAgencyImportKind(kind)) {
      return apiError(403, "KIND_NOT_ALLOWED", `An agency token can upload activity, roster (agents) and acknowledgment files only; ${query.kind} files are the lender's own and are imported by the lender.`);
    }
    let mappingProfileId: number | null = null;
    if (query.mapping) {
      // The agency's own profile of that name, else a lender-wide one (submitImport accepts both).
      const profile =
        (await findMappingProfileByName({ agencyId: token.agencyId, kind, name: query.mapping })) ??
        (await findMappingProfileByName({ agencyId: null, kind, name: query.mapping }));
      if (!profile) return apiError(422, "UNKNOWN_MAPPING", `There is no ${query.kind} mapping profile named '${query.mapping}' for agency ${token.agencyCode}.`, { extra: { batchId: null } });
      mappingProfileId = profile.id;
    }

    const limit = maxUploadBytes();
    const tooLarge = () => apiError(413, "PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${limit} bytes.`, { details: { limitBytes: limit } });
    const declaredLength = Number(request.headers.get("content-length") ?? "0");
    if (declaredLength > limit) return tooLarge();

    const submit = (body: AsyncIterable<Uint8Array>, fileName: string) =>
      submitImport({ kind, agencyId: token.agencyId, source: "API", apiTokenId: token.tokenId, fileName, body, strict: query.strict, mappingProfileId });

    const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    try {
      if (mediaType === "multipart/form-data") {
        let upload: UploadPart<SubmitImportResult>;
        try {
          upload = await readUploadPart(request, { limit, take: (data, fileName) => submit(data, query.filename ?? (fileName || "upload")) });
        } catch (error) {
          if (error instanceof UnreadableMultipartError) return apiError(400, "INVALID_REQUEST", error.message);
          throw error;
        }
        if (!upload.file) return apiError(400, "INVALID_REQUEST", "The multipart body has no file field named 'file'.");
        return answer(upload.file);
      }
      if (!Object.hasOwn(rawContentTypes, mediaType)) {
        return apiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the file as text/csv, application/x-ndjson, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/octet-stream with ?filename=, or multipart/form-data with a 'file' field.");
      }
      const fileName = query.filename ?? rawContentTypes[mediaType];
      if (!fileName) return apiError(400, "INVALID_REQUEST", "With Content-Type application/octet-stream, name the file with ?filename= (its extension selects the format: .csv, .xlsx or .jsonl).");
      return answer(await submit(limitedBytes(requestBodyChunks(request.body), limit), fileName));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLarge();
      throw error;
    }
  });
}
