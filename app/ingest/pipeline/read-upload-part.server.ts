import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { FORM_BODY_LIMIT_BYTES } from "~/http/body-limits";
import { limitedBytes, payloadTooLarge } from "~/http/read-body.server";

// The upload in a multipart body, read the same way for the Imports page and POST /api/v1/imports. The file goes
// to the caller's `take` while it streams (to the upload store or straight into submitImport), never into memory,
// and is cut off past `limit` bytes while it is read: a chunked body declares no length. Text parts are the form's
// small fields. Every part not used is read to its end, because the parser waits for each part to be consumed.

/** The multipart body itself could not be parsed (not an error of `take`, which is thrown as it is). */
export class UnreadableMultipartError extends Error {
  constructor(override readonly cause: unknown) {
    super(`The multipart body could not be read: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type UploadPart<T> = {
  /** The text fields, by name. */
  fields: Record<string, string>;
  /** What `take` made of the first "file" part it accepted; null when there was none. */
  file: T | null;
};

export type ReadUploadPartOptions<T> = {
  /** Bytes the file may have; past them its stream throws BodyTooLargeError. */
  limit: number;
  /**
   * Consumes one part named "file" (its name as the client gave it, possibly ""). Null declines the part, and a
   * later "file" part is offered instead.
   */
  take: (data: AsyncIterable<Buffer>, fileName: string) => Promise<T | null>;
};

/**
 * Reads a multipart body, streaming its "file" part to `take`. Throws what `take` throws (BodyTooLargeError past
 * the limit), a 413 Response for a text field over the form limit, and UnreadableMultipartError for a malformed body.
 */
export async function readUploadPart<T>(request: Request, options: ReadUploadPartOptions<T>): Promise<UploadPart<T>> {
  let file: T | null = null;
  let handlerError: unknown;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    try {
      if (filename === undefined) return await readTextField(data);
      if (name === "file" && file === null) file = await options.take(limitedBytes(data, options.limit), filename);
      await drain(data);
      return undefined;
    } catch (error) {
      handlerError = error;
      throw error;
    }
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (handlerError !== undefined && error === handlerError) throw error;
    throw new UnreadableMultipartError(error);
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string" && key !== "file") fields[key] = value;
  return { fields, file };
}

export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

async function readTextField(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > FORM_BODY_LIMIT_BYTES) throw payloadTooLarge(FORM_BODY_LIMIT_BYTES);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _chunk of data) {
    // Read and dropped, so that the parser moves on to the next part.
  }
}
