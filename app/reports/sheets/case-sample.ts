// 6. Case sample: the seeded sample of worked accounts, with empty verdict, reviewer and date columns for the
// reviewer to fill in (the verdict a choice from a list). Returns the sample, which the Method sheet describes.
import { drawCaseSample, type CaseSample } from "../report-rows.server";
import { DATE_FORMAT, numberFormats } from "./formats";
import type { SheetContext } from "./sheet-context";
import type { Column } from "./sheet-writer";

export const SAMPLE_VERDICTS = ["COMPLIANT", "MINOR", "MAJOR", "NOT_REVIEWABLE"] as const;

export async function writeCaseSampleSheet(ctx: SheetContext): Promise<CaseSample> {
  const { t } = ctx;
  const sample = await drawCaseSample(ctx.scope, ctx.report.id);
  const verdicts = SAMPLE_VERDICTS.map((verdict) => t(`reports.verdict.${verdict}`));
  const columns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.events"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.violations"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.complaints"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.verdict"), width: 18 },
    { header: t("reports.col.reviewer"), width: 16 },
    { header: t("reports.col.reviewedOn"), width: 12, numFmt: DATE_FORMAT },
    { header: t("reports.col.reviewerNotes"), width: 40 },
  ];
  const sheet = ctx.addSheet(t("reports.sheet.sample"), { frozenRows: 1, columns });
  sheet.header(columns.map((column) => column.header));
  for (const row of sample.rows) {
    sheet.row([row.agencyCode, ctx.caseLink(row.accountNumber), ctx.debtor(row.debtorName), row.events, row.violations, row.complaints, null, null, null, null]);
  }
  if (sample.rows.length > 0) {
    const last = sample.rows.length + 1;
    // The verdict is a choice from a list, so the reviewed sample can be counted with a filter or COUNTIF.
    sheet.worksheet.dataValidations.add(`G2:G${last}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${verdicts.map((verdict) => verdict.replaceAll('"', "")).join(",")}"`],
      showErrorMessage: true,
    });
    sheet.worksheet.dataValidations.add(`I2:I${last}`, { type: "date", operator: "greaterThan", allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true });
  }
  sheet.autoFilter(columns.length);
  sheet.commit();
  return sample;
}
