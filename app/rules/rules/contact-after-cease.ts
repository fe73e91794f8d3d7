import { z } from "zod";
import { compilePatterns, normaliseText } from "../text-match";
import { activityType, base, communication, fields, regexSource, scope, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import { defineRule, isOutboundOf, isThirdParty, localLabel, maskedPhone, memoByParams, scopeKey, type PreparedEvent } from "./shared";

const notice = z.strictObject({
  /** Names the notice in the editor; written in the language of the pack's readers. */
  label: z.string().trim().min(1),
  /** The communication is this notice when any pattern matches its text. */
  patterns: z.array(regexSource).min(1),
});

const parameters = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /**
   * Letters recorded without their text that are taken to be a permitted notice, the first ones after the request.
   * Packs stored before `permittedNotices` existed allowed this many letters whatever they said.
   */
  allowedNoticeLetters: z.int().min(0),
  /** Decides whether a spouse's request stops contact on the whole account or only with the spouse's number. */
  spouseCountsAsDebtor: z.boolean(),
  scope,
  /**
   * Reg F 1006.6(c)(2): after a cease request only these notices may still be sent, in any medium; a communication
   * whose text is none of them is a violation, the first letter included. Absent in packs stored before it existed.
   */
  permittedNotices: z.array(notice).optional(),
  /**
   * Wording that makes a communication more than a notice: a notice that also asks for payment is a collection
   * attempt, which 1006.6(c)(1) forbids after the request. Absent: not checked.
   */
  collectionDemands: z.array(notice).optional(),
});

/** 1006.6(c)(2)(i): further efforts are being terminated. */
const effortsEnding = {
  label: "efforts are ending (1006.6(c)(2)(i)) / 停止催收",
  patterns: [
    "\\b(?:efforts|communications?|contacts?|collection)\\b[^.\\n]{0,40}\\b(?:terminated|ending|will end|ceased?|will stop|stopped|closed)\\b",
    "\\bwe (?:will|are going to|have decided to) (?:stop|cease|end|terminate) (?:contacting|communicating|collect|our|all|further)",
    "\\b(?:will|shall) no longer (?:contact|communicate|pursue|collect|call|write)",
    "(?:停止|终止|结束)(?:对您的|一切|进一步的?)?(?:催收|联系|追讨)",
    "不再(?:与您)?(?:联系|催收|追讨)",
  ],
};

/** 1006.6(c)(2)(ii): the collector or creditor may invoke specified remedies it ordinarily invokes. */
const mayInvokeRemedy = {
  label: "a remedy may be invoked (1006.6(c)(2)(ii)) / 可能采取补救措施",
  patterns: [
    "\\bmay\\b[^.\\n]{0,60}\\b(?:remed(?:y|ies)|lawsuit|legal action|sue|court|arbitration|credit report(?:ing|s)?|credit bureaus?)\\b",
    "可能[^。\\n]{0,30}(?:诉讼|起诉|仲裁|法律程序|法律途径|补救措施|征信)",
  ],
};

/** 1006.6(c)(2)(iii): the collector or creditor intends to invoke a specified remedy. */
const intendsRemedy = {
  label: "a specified remedy will be invoked (1006.6(c)(2)(iii)) / 将采取特定补救措施",
  patterns: [
    "\\b(?:intends?|intend to|will|plans? to|is going to|has decided to)\\b[^.\\n]{0,40}\\b(?:file (?:a )?(?:law)?suit|sue|report[^.\\n]{0,20}credit|refer[^.\\n]{0,30}(?:attorney|lawyer|court)|legal action|arbitration|garnish\\w*)",
    "(?:将|拟|计划|决定)[^。\\n]{0,20}(?:提起诉讼|起诉|申请仲裁|报送征信|上报征信|申请强制执行)",
  ],
};

/** Asking for payment, or offering to settle: beyond what 1006.6(c)(2) allows. */
const paymentDemand = {
  label: "asks for payment / 要求还款",
  patterns: [
    "\\b(?:please )?pay (?:now|today|immediately|the balance|your balance|in full|by)\\b",
    "\\b(?:payment is due|make a payment|pay online|send (?:a |your )?payment|settle (?:this|your|the) (?:account|debt|balance)|settlement offer|unless you pay)\\b",
    "(?:请|务必)?(?:尽快|立即|马上|今天|按时)还款|还清欠款|结清欠款|减免优惠|和解方案",
  ],
};

const shipped = (family: PackFamily): Params => ({
  enabled: true,
  severity: "HIGH",
  contactTypes: [...communication],
  allowedNoticeLetters: 0,
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  scope: "ACCOUNT",
  permittedNotices: [effortsEnding, mayInvokeRemedy, intendsRemedy],
  collectionDemands: [paymentDemand],
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.contactTypes),
  // An emptied list permits nothing (an empty alternation would match every text).
  notices:
    params.permittedNotices === undefined ? null : params.permittedNotices.length === 0 ? /(?!)/ : compilePatterns(params.permittedNotices.flatMap((entry) => entry.patterns)),
  demands: params.collectionDemands === undefined || params.collectionDemands.length === 0 ? null : compilePatterns(params.collectionDemands.flatMap((entry) => entry.patterns)),
}));

interface CeaseState {
  request: PreparedEvent;
  noticeLettersUsed: number;
}

/**
 * Outbound contact after a request to stop (Reg F 1006.6(c); "stop if they refuse" for contact persons in
 * GB/T 45251-2025). Whose request it was decides its reach:
 *  - the debtor's (or an unidentified requester's) stops contact on the account, except the three notices of
 *    1006.6(c)(2) (efforts end; a remedy may be invoked; a specified remedy will be invoked), told apart by their
 *    text in any medium, unless it also asks for payment (`collectionDemands`); a letter without recorded text counts
 *    as one only within `allowedNoticeLetters`;
 *  - a third party's stops contact with that person: their number, or, when none was recorded, that kind of party
 *    on the account (e.g. the employer).
 */
export const contactAfterCease = defineRule({
  code: "CONTACT_AFTER_CEASE",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: {
    contactTypes: fields.activityList,
    allowedNoticeLetters: fields.integer,
    spouseCountsAsDebtor: fields.boolean,
    scope: fields.scope,
    permittedNotices: { type: "smsRequirements" },
    collectionDemands: { type: "smsRequirements" },
  },
  explanations: ["rules.CONTACT_AFTER_CEASE.explanation", "rules.CONTACT_AFTER_CEASE.notANotice", "rules.CONTACT_AFTER_CEASE.thirdParty"],
  create(params, context) {
    const { types, notices, demands } = compile(params);
    const accountRequests = new Map<number | string, CeaseState>();
    const personRequests = new Map<string, PreparedEvent>();

    const isPermittedNotice = (event: PreparedEvent, state: CeaseState): boolean => {
      const text = event.text?.trim() ?? "";
      if (notices !== null && text !== "") {
        const normalised = normaliseText(text);
        return notices.test(normalised) && (demands === null || !demands.test(normalised));
      }
      if (event.type !== "LETTER" || state.noticeLettersUsed >= params.allowedNoticeLetters) return false;
      state.noticeLettersUsed++;
      return true;
    };

    return (event) => {
      // Most accounts never see a cease request: skip the key building for them.
      if (event.type !== "CEASE_REQUEST" && accountRequests.size === 0 && personRequests.size === 0) return;
      if (isOutboundOf(event, types)) {
        const accountRequest = accountRequests.get(scopeKey(event, params.scope));
        if (accountRequest && accountRequest.request.at < event.at) {
          if (!isPermittedNotice(event, accountRequest) && context.owns(event)) {
            context.emit(
              event,
              {
                key: notices === null ? "rules.CONTACT_AFTER_CEASE.explanation" : "rules.CONTACT_AFTER_CEASE.notANotice",
                params: { time: localLabel(event), requestTime: localLabel(accountRequest.request) },
              },
              [accountRequest.request],
            );
          }
          return;
        }
        const personRequest =
          (event.phone !== null ? personRequests.get(`phone:${event.phone}`) : undefined) ??
          personRequests.get(`party:${event.account.id}:${event.party}`);
        if (personRequest && personRequest.at < event.at && context.owns(event)) {
          context.emit(
            event,
            {
              key: "rules.CONTACT_AFTER_CEASE.thirdParty",
              params: {
                time: localLabel(event),
                requestTime: localLabel(personRequest),
                ...(personRequest.phone !== null ? { phone: maskedPhone(personRequest.phone) } : {}),
              },
            },
            [personRequest],
          );
        }
        return;
      }

      if (event.type !== "CEASE_REQUEST") return;
      if (isThirdParty(event.party, params.spouseCountsAsDebtor)) {
        const key = event.phone !== null ? `phone:${event.phone}` : `party:${event.account.id}:${event.party}`;
        if (!personRequests.has(key)) personRequests.set(key, event);
      } else {
        const key = scopeKey(event, params.scope);
        if (!accountRequests.has(key)) accountRequests.set(key, { request: event, noticeLettersUsed: 0 });
      }
    };
  },
});
