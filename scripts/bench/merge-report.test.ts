import { describe, expect, test } from "vitest";
import { handWrittenBlocks, mergeReport, splitReport } from "./merge-report";

const previous = `# Benchmarks

Written by \`npm run bench\` on 2026-12-04.

## Demo load (issue: Demo speed)

Measured by hand: 221 s.

| phase | before | after |
|---|---|---|
| analyse | 92 s | 21 s |

## Import (issue: Ingestion)

Old import figures: 100 rows/s.

## HTTP load (issue: Speed for many users)

Old HTTP figures.

### One user

Old page figures.

<!-- hand-written -->
Measured on a busy machine; the lead re-measures on a quiet one.
<!-- /hand-written -->

## Reconciliation (issue: Money)

Old reconciliation.
`;

describe("mergeReport", () => {
  const merged = mergeReport(previous, "# Benchmarks\n\nWritten by `npm run bench` on 2026-12-06.", [
    { heading: "HTTP load (issue: Speed for many users)", text: "## HTTP load (issue: Speed for many users)\n\nNew HTTP figures.\n\n### One user\n\nNew page figures." },
    { heading: "Import (issue: Ingestion)", text: "## Import (issue: Ingestion)\n\nNew import figures: 200 rows/s." },
    { heading: "Workbook (issue: Reports)", text: "## Workbook (issue: Reports)\n\nFirst workbook figures." },
  ]);

  test("keeps a section it did not measure verbatim, in its place", () => {
    const demo = splitReport(previous).sections.find((section) => section.heading.startsWith("Demo load"))!;
    expect(merged).toContain(demo.text);
    expect(splitReport(merged).sections.map((section) => section.heading)).toEqual([
      "Demo load (issue: Demo speed)",
      "Import (issue: Ingestion)",
      "HTTP load (issue: Speed for many users)",
      "Reconciliation (issue: Money)",
      "Workbook (issue: Reports)",
    ]);
    expect(merged).toContain("## Reconciliation (issue: Money)\n\nOld reconciliation.");
  });

  test("replaces a measured section, sub-sections included, and takes the new header", () => {
    expect(merged).toContain("New import figures: 200 rows/s.");
    expect(merged).not.toContain("Old import figures");
    expect(merged).toContain("New page figures.");
    expect(merged).not.toContain("Old HTTP figures");
    expect(merged).not.toContain("Old page figures");
    expect(merged.startsWith("# Benchmarks\n\nWritten by `npm run bench` on 2026-12-06.\n\n## Demo load")).toBe(true);
  });

  test("keeps the hand-written block of a measured section after its new figures", () => {
    const http = splitReport(merged).sections.find((section) => section.heading.startsWith("HTTP load"))!;
    expect(http.text).toBe(
      "## HTTP load (issue: Speed for many users)\n\nNew HTTP figures.\n\n### One user\n\nNew page figures.\n\n<!-- hand-written -->\nMeasured on a busy machine; the lead re-measures on a quiet one.\n<!-- /hand-written -->",
    );
  });

  test("merging again with the same figures changes nothing", () => {
    const again = mergeReport(merged, "# Benchmarks\n\nWritten by `npm run bench` on 2026-12-06.", [
      { heading: "Import (issue: Ingestion)", text: "## Import (issue: Ingestion)\n\nNew import figures: 200 rows/s." },
    ]);
    expect(again).toBe(merged);
  });

  test("a first report is the measured sections in order", () => {
    expect(mergeReport("", "# Benchmarks", [{ heading: "A", text: "## A\n\none" }, { heading: "B", text: "## B\n\ntwo\n\n" }])).toBe("# Benchmarks\n\n## A\n\none\n\n## B\n\ntwo\n");
  });
});

describe("handWrittenBlocks", () => {
  test.each([
    ["no block", "## A\n\nfigures", []],
    ["two blocks", "x\n<!-- hand-written -->\none\n<!-- /hand-written -->\ny\n<!-- hand-written -->\ntwo\n<!-- /hand-written -->", ["<!-- hand-written -->\none\n<!-- /hand-written -->", "<!-- hand-written -->\ntwo\n<!-- /hand-written -->"]],
    ["an unclosed block runs to the end and is closed", "x\n<!-- hand-written -->\nnote\n", ["<!-- hand-written -->\nnote\n<!-- /hand-written -->"]],
  ])("%s", (_name, text, blocks) => {
    expect(handWrittenBlocks(text)).toEqual(blocks);
  });
});
