// docs/BENCHMARKS.md is written by `npm run bench` and annotated by hand (a "Demo load" section measured by another
// script, notes explaining a figure). A run replaces only the sections it measured: every other section of the
// previous report is kept verbatim, in its place, and hand-written notes inside a measured section survive when they
// sit in a marked block:
//
//   <!-- hand-written -->
//   ...
//   <!-- /hand-written -->

export const HAND_WRITTEN_START = "<!-- hand-written -->";
export const HAND_WRITTEN_END = "<!-- /hand-written -->";

/** A "## " section: its heading line (without "## ") and its whole text, heading included, without trailing blank lines. */
export type ReportSection = { heading: string; text: string };

/** The text before the first "## " heading, and the sections in order. A "### " sub-heading stays inside its section. */
export function splitReport(markdown: string): { preamble: string; sections: ReportSection[] } {
  const lines = markdown.split("\n");
  const starts = lines.flatMap((line, index) => (line.startsWith("## ") ? [index] : []));
  const preamble = lines
    .slice(0, starts[0] ?? lines.length)
    .join("\n")
    .trimEnd();
  const sections = starts.map((start, position) => ({
    heading: lines[start]!.slice(3).trim(),
    text: lines
      .slice(start, starts[position + 1] ?? lines.length)
      .join("\n")
      .trimEnd(),
  }));
  return { preamble, sections };
}

/** The marked hand-written blocks of a section, markers included, in order. */
export function handWrittenBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(HAND_WRITTEN_START, from);
    if (start < 0) return blocks;
    const end = text.indexOf(HAND_WRITTEN_END, start);
    // An unclosed block runs to the end of the section rather than being dropped.
    const stop = end < 0 ? text.length : end + HAND_WRITTEN_END.length;
    blocks.push(text.slice(start, stop).trimEnd() + (end < 0 ? `\n${HAND_WRITTEN_END}` : ""));
    from = stop;
  }
}

/**
 * The new report: `preamble` (the run's own header), then the previous report's sections in their order, each
 * measured one replaced by this run's text with the previous version's hand-written blocks appended; measured
 * sections the previous report did not have come after, in the order given. `measured` is keyed by heading.
 */
export function mergeReport(previous: string, preamble: string, measured: readonly ReportSection[]): string {
  const old = splitReport(previous).sections;
  const byHeading = new Map(measured.map((section) => [section.heading, section]));
  const replaced = (section: ReportSection): string => {
    const fresh = byHeading.get(section.heading);
    if (!fresh) return section.text;
    const notes = handWrittenBlocks(section.text).filter((block) => !fresh.text.includes(block));
    return [fresh.text.trimEnd(), ...notes].join("\n\n");
  };
  const kept = old.map(replaced);
  const oldHeadings = new Set(old.map((section) => section.heading));
  const added = measured.filter((section) => !oldHeadings.has(section.heading)).map((section) => section.text.trimEnd());
  return `${[preamble.trimEnd(), ...kept, ...added].join("\n\n")}\n`;
}
