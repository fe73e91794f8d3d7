// The metric columns the Agency KPIs and Agent KPIs sheets share, and their colour scales on rates.
import { columnLetter, numberFormats } from "./formats";
import type { ReportMetricDefinition } from "./sheet-context";
import type { Column, SheetWriter } from "./sheet-writer";

// Green for good, red for bad: the direction depends on the metric.
const goodHigh = [{ argb: "FFF8696B" }, { argb: "FFFFEB84" }, { argb: "FF63BE7B" }];
const goodLow = [{ argb: "FF63BE7B" }, { argb: "FFFFEB84" }, { argb: "FFF8696B" }];

export function metricColumns(definitions: ReportMetricDefinition[]): Column[] {
  return definitions.map((definition) => ({ header: definition.label, width: Math.max(12, Math.min(24, definition.label.length + 2)), numFmt: numberFormats[definition.format] }));
}

/** A three-colour scale on each rate column (percent, per 1,000), rows 2 to lastRow. */
export function rateFormatting(sheet: SheetWriter, definitions: ReportMetricDefinition[], firstMetricColumn: number, lastRow: number): void {
  if (lastRow < 2) return;
  definitions.forEach((definition, index) => {
    if (definition.format !== "percent" && definition.format !== "per1000") return;
    const letter = columnLetter(firstMetricColumn + index);
    sheet.worksheet.addConditionalFormatting({
      ref: `${letter}2:${letter}${lastRow}`,
      rules: [
        {
          type: "colorScale",
          priority: index + 1,
          cfvo: [{ type: "min" }, { type: "percentile", value: 50 }, { type: "max" }],
          color: definition.lowerIsBetter ? goodLow : goodHigh,
        },
      ],
    });
  });
}
