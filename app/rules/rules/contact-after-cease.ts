import { z } from "zod";
import { activityType, base, communication, fields, scope, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import { defineRule, isOutboundOf, isThirdParty, localLabel, maskedPhone, memoByParams, scopeKey, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /**
   * Letters allowed after the request: Reg F 1006.6(c)(2) still permits a notice that efforts end or that a
   * remedy will be invoked, which is sent by letter.
   */
  allowedNoticeLetters: z.int().min(0),
  /** Decides whether a spouse's request stops contact on the whole account or only with the spouse's number. */
  spouseCountsAsDebtor: z.boolean(),
  scope,
});

const shipped = (family: PackFamily): Params => ({
  enabled: true,
  severity: "HIGH",
  contactTypes: [...communication],
  allowedNoticeLetters: 1,
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  scope: "ACCOUNT",
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({ types: new Set(params.contactTypes) }));

interface CeaseState {
  request: PreparedEvent;
  noticeLettersUsed: number;
}

/**
 * Outbound contact after a request to stop (Reg F 1006.6(c); "stop if they refuse" for contact persons in
 * GB/T 45251-2025). Whose request it was decides its reach:
 *  - the debtor's (or an unidentified requester's) stops contact on the account;
 *  - a third party's stops contact with that person: their number, or, when none was recorded, that kind of party
 *    on the account (e.g. the employer).
 * The first `allowedNoticeLetters` letters after a debtor's request are the notice Reg F still allows.
 */
export const contactAfterCease = defineRule({
  code: "CONTACT_AFTER_CEASE",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: { contactTypes: fields.activityList, allowedNoticeLetters: fields.integer, spouseCountsAsDebtor: fields.boolean, scope: fields.scope },
  explanations: ["rules.CONTACT_AFTER_CEASE.explanation", "rules.CONTACT_AFTER_CEASE.thirdParty"],
  create(params, context) {
    const { types } = compile(params);
    const accountRequests = new Map<number | string, CeaseState>();
    const personRequests = new Map<string, PreparedEvent>();

    return (event) => {
      // Most accounts never see a cease request: skip the key building for them.
      if (event.type !== "CEASE_REQUEST" && accountRequests.size === 0 && personRequests.size === 0) return;
      if (isOutboundOf(event, types)) {
        const accountRequest = accountRequests.get(scopeKey(event, params.scope));
        if (accountRequest && accountRequest.request.at < event.at) {
          if (event.type === "LETTER" && accountRequest.noticeLettersUsed < params.allowedNoticeLetters) {
            accountRequest.noticeLettersUsed++;
          } else if (context.owns(event)) {
            context.emit(
              event,
              { key: "rules.CONTACT_AFTER_CEASE.explanation", params: { time: localLabel(event), requestTime: localLabel(accountRequest.request) } },
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
