import type { ImportPreview } from "~/ingest/ui/import-wizard.server";

/** The import page's mapping form as the browser posts it back for a preview (remap, confirm), with fields changed. */
export function previewForm(preview: ImportPreview, extra: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = {
    sha256: preview.file.sha256,
    fileName: preview.file.fileName,
    kind: preview.target.kind,
    agencyId: String(preview.target.agencyId ?? ""),
    profileId: String(preview.target.profileId ?? ""),
    dateFormat: preview.dateFormat ?? "",
    timeZone: preview.timeZone ?? "",
  };
  preview.columns.forEach((column, index) => (form[`col.${index}`] = column.field ?? ""));
  for (const group of preview.valueMappings) {
    group.values.forEach((value, index) => {
      form[`valfrom.${group.field}.${index}`] = value.from;
      form[`val.${group.field}.${index}`] = value.to ?? "";
    });
  }
  return { ...form, ...extra };
}
