import { z } from "zod";
import {
  base,
  contactParty,
  countedMedia,
  fields,
  outcome,
  placedCallOutcomes,
  placeScope,
  scope,
  uniqueList,
} from "./parameters";
import {
  CallConsents,
  calledPerson,
  defineRule,
  isCallToAttorney,
  lastEvidence,
  listLocalTimes,
  maskedPhone,
  memoByParams,
  partyParam,
  scopeKey,
  type PreparedEvent,
} from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Calls allowed within the window; the next one is the violation. */
  maxCalls: z.int().min(1),
  /** Length of the rolling window in consecutive local calendar days. */
  windowDays: z.int().min(1).max(366),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  /** Whose calls count: ACCOUNT_AGENCY = each agency on its own (Reg F); ACCOUNT = every agency together. */
  scope,
  /**
   * Count per person called (1006.14(b)(2): "a particular person"), see `calledPerson`. Absent in packs stored
   * before it existed, which count every counted party together as one, as they did then.
   */
  perPerson: z.boolean().optional(),
  /**
   * Days a person's direct prior consent to more calls takes that person's calls out of the count (1006.14(b)(3)(i):
   * "no more than seven consecutive days"). Absent in packs stored before it existed: consent is not read.
   */
  consentDays: z.int().min(1).max(7).optional(),
  /**
   * What is counted: telephone calls (Reg F 1006.14(b)(2) counts calls only) and, for a state that counts them with
   * calls, text messages (209 CMR 18.16(1)(d): "via telephone or via text messaging"). A text counts unless it
   * FAILED. Absent in packs stored before it existed: calls only.
   */
  countedMedia: uniqueList(countedMedia).optional(),
  /**
   * Where the person was reached (the event's recorded `place`): ANY; NOT_WORK (anything but a place of
   * employment, an unrecorded place included); WORK only. Lets a state count communications at work on a window
   * of its own (209 CMR 18.16(1)(d): two in each 30-day period "other than at a consumer's residence, or cellular
   * telephone"). Absent: ANY.
   */
  places: placeScope.optional(),
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  outcomes: new Set(params.countedOutcomes),
  parties: new Set(params.countedParties),
  texts: params.countedMedia?.includes("SMS") === true,
  calls:
    params.countedMedia === undefined || params.countedMedia.includes("CALL"),
}));

/** Whether the recorded place of a contact is one the parameter counts. */
function inPlaces(event: PreparedEvent, places: Params["places"]): boolean {
  if (places === undefined || places === "ANY") return true;
  const atWork = event.facts?.place === "WORK";
  return places === "WORK" ? atWork : !atWork;
}

/** Counted calls of one person in time order; `head` moves forward as days leave the window (amortised O(1)). */
interface SlidingWindow {
  calls: PreparedEvent[];
  head: number;
}

// The consumer's attorney is no person the presumptions protect (1006.14(b)(3)(iii)): calls to them never count.
const EVERY_PARTY = contactParty.options.filter(
  (party) => party !== "ATTORNEY"
);

/**
 * Reg F 1006.14(b)(2)(i)(A): more than `maxCalls` calls to a particular person about a particular debt (account)
 * within `windowDays` consecutive local days. Only calls that reach the line count (ring unanswered, voicemail,
 * connected): busy and not-in-service do not (1006.14(b)(3)(ii)). Per person (perPerson): the debtor, the spouse,
 * a relative or an employer called about the debt each have their own count; a call to a number later found to be
 * someone else's counts for that someone, not the debtor (comment 14(b)(2)(i)-3). Per agency by default: each
 * agency is its own debt collector, so after a recall the next agency starts from zero.
 * The window of a call on day D is D-6..D: every 7-day window containing the call holds at most the calls of
 * that one, since nothing later has been placed yet.
 */
export const callFrequency7in7 = defineRule({
  code: "CALL_FREQUENCY_7IN7",
  parameters,
  defaults: {
    cn: {
      enabled: false,
      severity: "MEDIUM",
      maxCalls: 7,
      windowDays: 7,
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
      perPerson: true,
      consentDays: 7,
      countedMedia: ["CALL"],
      places: "ANY",
    },
    us: {
      enabled: true,
      severity: "MEDIUM",
      maxCalls: 7,
      windowDays: 7,
      countedOutcomes: [...placedCallOutcomes],
      countedParties: EVERY_PARTY,
      scope: "ACCOUNT_AGENCY",
      perPerson: true,
      consentDays: 7,
      countedMedia: ["CALL"],
      places: "ANY",
    },
  },
  fields: {
    maxCalls: fields.integer,
    windowDays: fields.integer,
    countedOutcomes: fields.outcomeList,
    countedParties: fields.partyList,
    scope: fields.collectors,
    perPerson: fields.boolean,
    consentDays: fields.integer,
    countedMedia: fields.countedMedia,
    places: fields.placeScope,
  },
  explanations: [
    "rules.CALL_FREQUENCY_7IN7.explanation",
    "rules.CALL_FREQUENCY_7IN7.debtor",
    "rules.CALL_FREQUENCY_7IN7.communications",
    "rules.CALL_FREQUENCY_7IN7.debtorAllAgencies",
    "rules.CALL_FREQUENCY_7IN7.person",
    "rules.CALL_FREQUENCY_7IN7.personAllAgencies",
  ],
  create(params, context, inputs) {
    const { outcomes, parties, texts, calls } = compile(params);
    const windows = new Map<string, SlidingWindow>();
    const allAgencies = params.scope === "ACCOUNT";
    const consents =
      params.consentDays === undefined
        ? null
        : new CallConsents(params.consentDays, inputs.numbersFoundWrong);
    return (event) => {
      // Judged before the stream moves the consent on: the call a consent asked for may itself end it by connecting.
      const consented =
        (event.type === "CALL" || event.type === "SMS") &&
        event.direction === "OUTBOUND"
          ? consents?.covering(event) ?? null
          : null;
      consents?.observe(event);
      if (
        event.direction !== "OUTBOUND" ||
        !parties.has(event.party) ||
        !inPlaces(event, params.places)
      )
        return;
      if (event.type === "CALL") {
        if (!calls || event.outcome === null || !outcomes.has(event.outcome))
          return;
      } else if (event.type !== "SMS" || !texts || event.outcome === "FAILED")
        return;
      if (consented !== null || isCallToAttorney(event)) return;
      const person =
        params.perPerson === true
          ? calledPerson(event, inputs.numbersFoundWrong)
          : null;
      const key = `${scopeKey(event, params.scope)}|${person?.key ?? ""}`;
      let window = windows.get(key);
      if (!window) {
        window = { calls: [], head: 0 };
        windows.set(key, window);
      }
      const firstDay = event.day - params.windowDays + 1;
      for (
        let oldest = window.calls[window.head];
        oldest !== undefined && oldest.day < firstDay;
        oldest = window.calls[window.head]
      ) {
        window.head++;
      }
      if (window.head > 256 && window.head * 2 > window.calls.length) {
        window.calls = window.calls.slice(window.head);
        window.head = 0;
      }
      const inWindow = window.calls.length - window.head;
      if (inWindow >= params.maxCalls && context.owns(event)) {
        const evidence = lastEvidence(window.calls.slice(window.head));
        const common = {
          count: inWindow + 1,
          max: params.maxCalls,
          days: params.windowDays,
          times: listLocalTimes([...evidence, event]),
        };
        context.emit(
          event,
          texts
            ? {
                key: "rules.CALL_FREQUENCY_7IN7.communications",
                params: common,
              }
            : person === null
            ? { key: "rules.CALL_FREQUENCY_7IN7.explanation", params: common }
            : person.isDebtor
            ? {
                key: allAgencies
                  ? "rules.CALL_FREQUENCY_7IN7.debtorAllAgencies"
                  : "rules.CALL_FREQUENCY_7IN7.debtor",
                params: common,
              }
            : {
                key: allAgencies
                  ? "rules.CALL_FREQUENCY_7IN7.personAllAgencies"
                  : "rules.CALL_FREQUENCY_7IN7.person",
                params: {
                  ...common,
                  party: partyParam(person.party),
                  phone: maskedPhone(person.phone) || "—",
                },
              },
          evidence
        );
      }
      window.calls.push(event);
    };
  },
});
