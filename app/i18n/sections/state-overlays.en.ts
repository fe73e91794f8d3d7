// The state rules that overlay the US pack (app/rules/state-overlays.ts): the rule-pack pages and the what-if.
export const stateOverlaysEn = {
  "stateOverlays.title": "State rules over this pack",
  "stateOverlays.hint":
    "For accounts whose placement names the debtor's US state, these state rules judge alongside the pack: each runs one of the pack's rules with the state's figures in place of the pack's. A state can only add findings; an event both find is reported once, as the federal finding. They follow the pack's switch for the rule and its severity, and change only with a release that cites the text.",
  "stateOverlays.state": "State",
  "stateOverlays.rule": "Rule",
  "stateOverlays.changes": "State figures (pack → state)",
  "stateOverlays.provision": "Provision",
  "stateOverlays.status": "In this version",
  "stateOverlays.applies": "Applies",
  "stateOverlays.off": "Off with the rule",
  "stateOverlays.reviewedTitle": "States reviewed without a rule",
  "stateOverlays.finding.NO_STRICTER_FIGURE": "Read: nothing stricter than the federal rules that the engine can check",
  "stateOverlays.finding.TEXT_NOT_READ": "Only a summary was available: not encoded until the statute's own text is read",
  "stateOverlays.whatIfTitle": "Found by state rules",
  "stateOverlays.whatIfHint": "Included in the counts above.",
} as const;
