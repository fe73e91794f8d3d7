// PostgreSQL COPY text format: one line per row, tab-separated, \N for NULL, and backslash escapes for the
// characters that would otherwise end a field or a row. Agencies' message texts contain all of them.

const needsEscape = /[\\\t\n\r]/;

export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value !== "string") return String(value);
  if (!needsEscape.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** PostgreSQL array literal for a text[] column, inside a COPY field. */
export function copyTextArray(values: readonly string[]): string {
  return copyField(`{${values.map((value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`);
}

export function copyLine(fields: readonly string[]): string {
  return `${fields.join("\t")}\n`;
}
