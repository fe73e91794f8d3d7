import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { storedFileResponse } from "~/files/file-download.server";
import { xlsxContentType } from "~/grid/export-table.server";
import { resolveLocale } from "~/i18n/locale.server";
import { readStatementFile, renderStatementWithInvoice } from "~/money/statements.server";

// The stored statement file, byte for byte (a FINAL one never changes); logged as an EXPORT. `?invoice=1`: the
// statement with the comparison of the invoice recorded now, rendered for this download (ADR 045), not the stored file.
const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "statements.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const agencyId = scopeAgency(user);
  if (new URL(request.url).searchParams.get("invoice") === "1") {
    const compared = await renderStatementWithInvoice(parsed.data.id, { agencyId, locale: await resolveLocale(request, user) });
    if (!compared) throw notFound();
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "CommissionStatement", resourceId: parsed.data.id, detail: { invoiceComparison: true }, request });
    return storedFileResponse({ ...compared, contentType: xlsxContentType });
  }
  const file = await readStatementFile(parsed.data.id, { agencyId });
  if (!file) throw notFound();
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "CommissionStatement", resourceId: parsed.data.id, detail: { sha256: file.sha256 }, request });
  return storedFileResponse({ ...file, contentType: xlsxContentType });
}
