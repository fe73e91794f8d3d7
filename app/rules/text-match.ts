// Text matching for lexicon rules. Agencies type on every kind of keyboard: text is NFKC-normalised first so
// full-width letters and digits (ＳＴＯＰ, １２００元) read like their ASCII forms, then matched case-insensitively.

/** Distinct fragments of a text that matched, in order of first appearance, as written in the (normalised) text. */
export interface TermMatcher {
  find(text: string): string[];
}

const syntaxCharacters = /[\\^$.*+?()[\]{}|/]/g;
const latinOrDigit = /^[A-Za-z0-9]/;
const endsLatinOrDigit = /[A-Za-z0-9]$/;
// Word boundaries are needed for Latin words only: "owe" must not hit "power", while Chinese has no spaces and
// "欠款" is a hit anywhere. Lookarounds on ASCII letters keep "debt" matching in "您的debt已逾期".
const notAfterWord = "(?<![A-Za-z0-9])";
const notBeforeWord = "(?![A-Za-z0-9])";

function termPattern(term: string): { source: string; weight: number } {
  const normalised = term.normalize("NFKC").trim();
  const wildcard = normalised.endsWith("*");
  const core = wildcard ? normalised.slice(0, -1).trimEnd() : normalised;
  const escaped = core.replace(syntaxCharacters, "\\$&").replace(/\s+/g, "\\s+");
  const prefix = latinOrDigit.test(core) ? notAfterWord : "";
  const suffix = wildcard ? `[A-Za-z]*${notBeforeWord}` : endsLatinOrDigit.test(core) ? notBeforeWord : "";
  return { source: `${prefix}${escaped}${suffix}`, weight: core.length };
}

class RegexTermMatcher implements TermMatcher {
  constructor(private readonly pattern: RegExp | null) {}

  find(text: string): string[] {
    if (!this.pattern || text === "") return [];
    const found: string[] = [];
    const seen = new Set<string>();
    for (const match of normaliseText(text).matchAll(this.pattern)) {
      const fragment = match[0].replace(/\s+/g, " ");
      const key = fragment.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        found.push(fragment);
      }
    }
    return found;
  }
}

export function normaliseText(text: string): string {
  return text.normalize("NFKC");
}

const lexiconCache = new Map<string, TermMatcher>();
const MAX_CACHED_LEXICONS = 256;

/** One alternation for the whole lexicon, longest terms first so "sue you today" wins over a shorter overlap. */
export function compileLexicon(terms: readonly string[]): TermMatcher {
  const cacheKey = terms.join("\u0000");
  const cached = lexiconCache.get(cacheKey);
  if (cached) return cached;
  const patterns = terms
    .filter((term) => term.trim() !== "")
    .map(termPattern)
    .sort((a, b) => b.weight - a.weight || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const matcher = new RegexTermMatcher(patterns.length ? new RegExp(patterns.map((p) => p.source).join("|"), "giu") : null);
  if (lexiconCache.size >= MAX_CACHED_LEXICONS) lexiconCache.clear();
  lexiconCache.set(cacheKey, matcher);
  return matcher;
}

/**
 * Money amounts: a currency sign or code next to a number (¥1,200 / $300.50 / RMB 500 / 1200元 / 300 USD).
 * Bare numbers are not amounts: they are dates, phone numbers and reference codes far more often.
 */
export const amountMatcher: TermMatcher = new RegexTermMatcher(
  new RegExp(
    [
      "[¥$€£]\\s?\\d[\\d,]*(?:\\.\\d+)?",
      "(?<![A-Za-z])(?:RMB|CNY|USD|US\\$)\\s?\\d[\\d,]*(?:\\.\\d+)?",
      "(?<![\\d.,])\\d[\\d,]*(?:\\.\\d+)?\\s?(?:万元|元|块钱|人民币|(?:RMB|CNY|USD|dollars?)(?![A-Za-z]))",
    ].join("|"),
    "giu",
  ),
);

/** Compiled "any of these patterns" test (flags "iu"), for required-content checks. */
export function compilePatterns(sources: readonly string[]): RegExp {
  return new RegExp(sources.map((source) => `(?:${source})`).join("|"), "iu");
}
