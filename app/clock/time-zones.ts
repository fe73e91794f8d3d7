// Whether a name is a time zone the runtime knows, and its canonical spelling. The runtime can only tell by building
// a formatter for it (about half a millisecond), which per row of a placements file or per account of a rule run
// was seconds of the demo's load; the answer for a name never changes within a process, so it is kept.

/** Names already answered. Capped, as names come from uploaded files: variants beyond it are answered afresh. */
const answered = new Map<string, string | null>();
const MAX_ANSWERS = 5_000;

/** The runtime's canonical spelling of an IANA zone name (asia/shanghai → Asia/Shanghai), or null when unknown. */
export function canonicalTimeZone(name: string): string | null {
  const known = answered.get(name);
  if (known !== undefined) return known;
  let canonical: string | null;
  try {
    canonical = name === "" ? null : new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  if (answered.size < MAX_ANSWERS) answered.set(name, canonical);
  return canonical;
}

/** Whether the runtime knows the zone (an IANA name, an alias of one, or a fixed offset such as UTC). */
export function isKnownTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}
