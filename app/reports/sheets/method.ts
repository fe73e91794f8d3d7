// 7. Method: the rule parameters of every pack version in force, the packs per agency, the metric definitions,
// the sampling (population, size, seed per agency) and notes on periods, escaping and masking.
import { ruleName } from "~/violations/render-explanation";
import type { CaseSample } from "../report-rows.server";
import type { SheetContext } from "./sheet-context";

export function writeMethodSheet(ctx: SheetContext, sample: CaseSample): void {
  const { t, tEnum, input, report, period } = ctx;
  const method = ctx.addSheet(t("reports.sheet.method"), { columns: [{ width: 14 }, { width: 10 }, { width: 30 }, { width: 28 }, { width: 28 }, { width: 9 }, { width: 10 }, { width: 90 }] });
  method.heading(t("reports.method.rules"));
  method.header([t("reports.col.rulePack"), t("reports.col.version"), t("reports.col.agencyName"), t("reports.col.rule"), t("reports.col.ruleName"), t("reports.col.enabled"), t("reports.col.severity"), t("reports.col.parameters")]);
  for (const pack of input.packs.versions) {
    const parameters = (typeof pack.parameters === "object" && pack.parameters !== null ? pack.parameters : {}) as Record<string, unknown>;
    for (const [code, value] of Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const { enabled, severity, ...rest } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
      method.row(
        [pack.code, pack.version, pack.name, code, ruleName(code, t), enabled === false ? t("common.no") : t("common.yes"), typeof severity === "string" ? tEnum("severity", severity) : null, JSON.stringify(rest)],
        { cellStyles: [undefined, { numFmt: "0" }, undefined, undefined, undefined, undefined, undefined, { alignment: { wrapText: true, vertical: "top" } }] },
      );
    }
  }
  method.blank();
  method.header([t("reports.col.agency"), t("reports.col.rulePack"), t("reports.col.version")]);
  for (const pack of input.packs.agencies) method.row([pack.agencyCode, pack.packCode, pack.version], { cellStyles: [undefined, undefined, { numFmt: "0" }] });
  method.blank();
  method.heading(t("reports.method.metrics"));
  method.header([t("reports.summary.metric"), t("reports.col.format"), t("reports.col.definition")]);
  for (const definition of ctx.metrics.definitions) method.row([definition.label, definition.format, definition.definition], { cellStyles: [undefined, undefined, { alignment: { wrapText: true, vertical: "top" } }] });
  method.blank();
  method.heading(t("reports.method.sampling"));
  method.row([t("reports.method.samplingText")], { style: { alignment: { wrapText: false } } });
  method.header([t("reports.col.agency"), t("reports.col.population"), t("reports.col.sampleSize"), t("reports.col.seed")]);
  for (const agency of sample.agencies) {
    method.row([agency.agencyCode, agency.population, agency.sampleSize, agency.seed], { cellStyles: [undefined, { numFmt: "#,##0" }, { numFmt: "#,##0" }, { numFmt: "0" }] });
  }
  method.blank();
  method.heading(t("reports.method.notes"));
  method.row([t("reports.method.periodText", { timeZone: period.timeZone })]);
  method.row([t("reports.method.escapingText")]);
  method.row([t("reports.method.callCountingText")]);
  method.row([t("reports.method.findingsText")]);
  method.row([report.masked ? t("reports.method.maskingText") : t("reports.method.unmaskedText")]);
  method.commit();
}
