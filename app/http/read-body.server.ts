import type { SessionUser } from "~/auth/session.server";
import { FORM_BODY_LIMIT_BYTES } from "./body-limits";

// Actions read their form through readFormData, never request.formData() directly: it takes the signed-in user
// (so the guard has necessarily run before a byte of the body is parsed) and counts the bytes it reads, so a
// body without Content-Length cannot grow past the limit either.

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes.`);
  }
}

export function payloadTooLarge(limit: number): Response {
  return new Response(`Payload Too Large (limit ${limit} bytes)`, { status: 413, statusText: "Payload Too Large", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Passes the chunks on as Buffers and throws BodyTooLargeError as soon as the total passes the limit. */
export async function* limitedBytes(source: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Buffer, void, undefined> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** A fetch body as an async iterable; the stream is cancelled when the reader stops early. */
export async function* requestBodyChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The request's form, read only after the caller's guard: pass the user requireUser/requirePermission returned,
 * or null on the two public forms (sign-in and the language switch). Throws a 413 Response past maxBytes.
 */
export async function readFormData(request: Request, _signedIn: SessionUser | null, maxBytes = FORM_BODY_LIMIT_BYTES): Promise<FormData> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw payloadTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of limitedBytes(requestBodyChunks(request.body), maxBytes)) chunks.push(chunk);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw payloadTooLarge(maxBytes);
    throw error;
  }
  const headers = new Headers();
  const contentType = request.headers.get("content-type");
  if (contentType) headers.set("content-type", contentType);
  try {
    return await new Response(Buffer.concat(chunks), { headers }).formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400, statusText: "Bad Request" });
  }
}
