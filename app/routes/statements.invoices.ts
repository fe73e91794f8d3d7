import { data, type ActionFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { MAX_INVOICE_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES } from "~/http/body-limits";
import { readFormData } from "~/http/read-body.server";
import { resolveLocale } from "~/i18n/locale.server";
import { renderImportMessages } from "~/ingest/rows/import-message";
import { importInvoiceTotals } from "~/money/invoice-import.server";

// POST /statements/invoices (multipart, field "file"): the agencies' invoice totals from a CSV or Excel file, compared
// with their statements (ADR 045). The statements page posts here; AGENCY users record their own agency's invoices only.
// Who recorded each invoice is kept on its statement (invoiceEnteredById). Answers what was recorded with each comparison, or every row in error (nothing recorded), or why the file is unreadable.

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "statements.invoice");
  const form = await readFormData(request, user, MAX_INVOICE_UPLOAD_BYTES + MULTIPART_ENVELOPE_BYTES);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ status: "NO_FILE" as const }, { status: 400 });
  const locale = await resolveLocale(request, user);
  const result = await importInvoiceTotals({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), agencyId: scopeAgency(user), userId: user.id, locale });
  if (result.status === "FILE_ERROR") return data({ status: "FILE_ERROR" as const, message: renderImportMessages(result.reasons, locale) }, { status: 400 });
  if (result.status === "REJECTED") return data(result, { status: 400 });
  return data(result, { status: 200 });
}

export async function loader() {
  throw notFound();
}
