// State rules over the federal pack. A US account whose placement names the debtor's state is judged by the
// federal (Regulation F) pack and, in addition, by every state rule of that state: a state rule is a second run
// of one of the federal rules with some of its parameters replaced by the state's figure. Both runs see the same
// events; a violation is reported once per rule and event, by whichever run finds it first (the federal one when
// both do). So a state can only add findings, never excuse one, and no "which figure is stricter" table is needed:
// a state figure that is looser than the federal one simply never fires first. See ADR 029.
//
// Only rules whose state text was read are encoded, each citing the provision and where it was read; states
// whose text was read but has no stricter figure this engine can express are listed in STATE_REVIEWS, so the
// editor can say so instead of staying silent.
import type {
  RuleCode,
  RuleParametersByCode,
  RulePackParameters,
} from "./rule-pack";
import type { UsStateCode } from "./us-states";

/** The pack family state rules overlay: a state's law binds collectors of US accounts only. */
export const STATE_OVERLAY_FAMILY = "us";

interface StateRuleOf<C extends RuleCode> {
  /** Stable id, stored with each violation the rule finds. */
  readonly id: string;
  readonly state: UsStateCode;
  readonly ruleCode: C;
  /** The parameters the state sets; every other parameter is the judging pack's own. */
  readonly parameters: Partial<
    Omit<RuleParametersByCode[C], "enabled" | "severity">
  >;
  /** The provision, as it is cited (shown in explanations, the editor and the what-if). */
  readonly citation: string;
  /** Where the text was read. */
  readonly source: string;
}

export type StateRule = { [C in RuleCode]: StateRuleOf<C> }[RuleCode];

export const STATE_RULES: readonly StateRule[] = [
  {
    // 209 CMR 18.16(1)(d): "…if the debt collector engages any consumer in communication via telephone or via text
    // messaging, initiated by the debt collector, in excess of two such communications in each seven-day period to
    // a consumer's residence or cellular telephone and two such communications in each 30-day period other than at
    // a consumer's residence, or cellular telephone for each debt". 209 CMR 18 binds debt collectors (940 CMR
    // 7.04(1)(f) says the same of creditors collecting their own debts).
    // Counted: calls that reached the debtor or a voicemail box, and texts that did not fail. The Attorney General's
    // guidance to 940 CMR 7.04 excepts attempts where the caller was truly unable to reach the debtor or leave a
    // message, so rings without an answer (NO_ANSWER) are left out; Armata v. Target (SJC 2018) holds calls where a
    // message could have been left are communications. Per agency and per debt: the limit is on each debt
    // collector's own communications. Contacts recorded at the debtor's place of work are counted by the 30-day
    // rule below instead.
    id: "MA-209CMR18.16-1-d",
    state: "MA",
    ruleCode: "CALL_FREQUENCY_7IN7",
    parameters: {
      maxCalls: 2,
      windowDays: 7,
      countedOutcomes: ["CONNECTED", "VOICEMAIL"],
      countedParties: ["DEBTOR", "UNKNOWN"],
      countedMedia: ["CALL", "SMS"],
      places: "NOT_WORK",
      scope: "ACCOUNT_AGENCY",
    },
    citation: "209 CMR 18.16(1)(d)",
    source: "https://law.cornell.edu/regulations/massachusetts/209-CMR-18-16",
  },
  {
    // The same provision's second figure: two communications in each 30-day period "other than at a consumer's
    // residence, or cellular telephone". The logs say where a contact reached the person (place) but not what kind
    // of line a number is, so only contacts recorded at the debtor's place of employment (place WORK) are counted
    // here; other numbers that are neither home nor mobile cannot be told apart and stay under the 7-day rule.
    id: "MA-209CMR18.16-1-d-30",
    state: "MA",
    ruleCode: "CALL_FREQUENCY_7IN7",
    parameters: {
      maxCalls: 2,
      windowDays: 30,
      countedOutcomes: ["CONNECTED", "VOICEMAIL"],
      countedParties: ["DEBTOR", "UNKNOWN"],
      countedMedia: ["CALL", "SMS"],
      places: "WORK",
      scope: "ACCOUNT_AGENCY",
    },
    citation: "209 CMR 18.16(1)(d) (other than residence or mobile)",
    source: "https://law.cornell.edu/regulations/massachusetts/209-CMR-18-16",
  },
];

export type StateReviewFinding = "NO_STRICTER_FIGURE" | "TEXT_NOT_READ";

export interface StateReview {
  readonly state: UsStateCode;
  readonly citation: string;
  readonly finding: StateReviewFinding;
  readonly source: string;
}

/** States looked at and not (or not yet) encoded, with the reason; the editor lists them beside the rules. */
export const STATE_REVIEWS: readonly StateReview[] = [
  // 209 CMR 18.16(1)(a): "after 8:00 A.M. and before 9:00 P.M at the consumer's location", as §1006.6(b)(1)(i).
  {
    state: "MA",
    citation: "209 CMR 18.16(1)(a)",
    finding: "NO_STRICTER_FIGURE",
    source: "https://law.cornell.edu/regulations/massachusetts/209-CMR-18-16",
  },
  // Civ. Code §1788.11(d)–(e): "repeatedly or continuously", "such frequency as to be unreasonable" — no figure;
  // §1788.17 incorporates the federal Act, which the federal pack already enforces.
  {
    state: "CA",
    citation: "Cal. Civ. Code §1788.11",
    finding: "NO_STRICTER_FIGURE",
    source: "https://codes.findlaw.com/ca/civil-code/civ-sect-1788-11/",
  },
  // Fla. Stat. §559.72(17): no communication "between the hours of 9 p.m. and 8 a.m. in the debtor's time zone
  // without the prior consent of the debtor" — the federal hours; a call may be presumed received in the zone of the
  // number's area code (the same fallback the engine uses), and since SB 232 (2025) e-mail is outside the hours.
  {
    state: "FL",
    citation: "Fla. Stat. §559.72(17)",
    finding: "NO_STRICTER_FIGURE",
    source:
      "https://www.faegredrinker.com/en/insights/publications/2025/5/florida-consumer-collection-practices-act-amended-to-expressly-allow-after-hours-debt-collection-emails",
  },
  // RCW 19.16.250: the Department of Financial Institutions summarises "more than 3 times in a single week" and
  // "before 7:30 a.m. or after 9 p.m."; the Attorney General's page says "between 9 pm and 8 am". The statute's
  // own subsection could not be read (only its opening paragraphs came back), so nothing is encoded.
  {
    state: "WA",
    citation: "RCW 19.16.250",
    finding: "TEXT_NOT_READ",
    source:
      "https://dfi.wa.gov/financial-education/information/debt-collectors-and-your-rights",
  },
  // 23 NYCRR 1 (disclosures, substantiation, electronic communications): no call-frequency or hour figure.
  {
    state: "NY",
    citation: "23 NYCRR 1",
    finding: "NO_STRICTER_FIGURE",
    source: "https://www.dfs.ny.gov/faqs/industry_faqs/debt",
  },
  // New York City, 6 RCNY 5-77 (amended rules): summaries say it caps communications per account; the rule's own
  // text was not available. (A city rule would also need the debtor's city, which placements do not carry.)
  {
    state: "NY",
    citation: "6 RCNY 5-77 (New York City)",
    finding: "TEXT_NOT_READ",
    source:
      "https://nyc.gov/site/dca/businesses/debt-collection-rules-faq.page",
  },
];

const rulesByState = new Map<string, StateRule[]>();
for (const rule of STATE_RULES) {
  const list = rulesByState.get(rule.state) ?? [];
  list.push(rule);
  rulesByState.set(rule.state, list);
}

/** The state rules that judge an account of `state` under a pack of family `packCode`, in registry order. */
export function stateRulesFor(
  packCode: string,
  state: string | null
): readonly StateRule[] {
  if (packCode !== STATE_OVERLAY_FAMILY || state === null) return [];
  return rulesByState.get(state) ?? [];
}

/**
 * The parameters a state rule runs with: the pack's own for its rule, with the state's figures over them. Null
 * when the pack has the rule off: the lender's switch governs the rule with its state overlays.
 */
export function stateRuleParameters<C extends RuleCode>(
  rule: StateRuleOf<C>,
  pack: RulePackParameters
): RuleParametersByCode[C] | null {
  const own = pack[rule.ruleCode] as RuleParametersByCode[C] | undefined;
  if (!own?.enabled) return null;
  return { ...own, ...rule.parameters };
}
