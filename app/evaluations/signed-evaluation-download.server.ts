import type { Params } from "@remix-run/react";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound } from "~/auth/guards.server";
import type { SessionUser } from "~/auth/session.server";
import { storedFileResponse } from "~/files/file-download.server";
import { xlsxContentType } from "~/grid/export-table.server";
import { EvaluationError, getEvaluationPdf, getEvaluationWorkbook } from "./evaluations.server";

// A signed evaluation's files are served exactly as stored at signing (never rendered again), to whoever may see the
// evaluation, and every download is logged as an EXPORT with the file's SHA-256 so an auditor can match the copy.

const idSchema = z.coerce.number().int().positive();

const formats = {
  pdf: { read: getEvaluationPdf, contentType: "application/pdf" },
  xlsx: { read: getEvaluationWorkbook, contentType: xlsxContentType },
} as const;

export async function downloadSignedEvaluation(user: SessionUser, request: Request, params: Params, format: keyof typeof formats): Promise<Response> {
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  try {
    const file = await formats[format].read(user, id.data);
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "AgencyEvaluation", resourceId: id.data, detail: { sha256: file.sha256, format }, request });
    return storedFileResponse({ ...file, contentType: formats[format].contentType });
  } catch (error) {
    if (error instanceof EvaluationError) throw notFound();
    throw error;
  }
}
