// Consent the debtor gave the agency itself (CONSENT / CONSENT_REVOKED events, ADR 027), as the rules that lift a
// limit "unless agreed" read it. A consent covers the account it was recorded on and the agency that received it,
// from the moment the agency received it until its end (exclusive) or a revocation of the same scope. Only the
// debtor's side can agree: a consent recorded as given by a third party is no consent.
import type { ConsentScope } from "../types";
import { isThirdParty, type PreparedEvent } from "./shared";

export class AgreedConsent {
  /** Key → end of the consent in force (epoch ms, Infinity when open-ended). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly scope: ConsentScope,
    private readonly spouseCountsAsDebtor: boolean,
  ) {}

  private key(event: PreparedEvent): string {
    return `${event.account.id}:${event.agencyId}`;
  }

  /** Feed every event of the customer in time order, before asking about it. */
  observe(event: PreparedEvent): void {
    if (event.facts?.consentScope !== this.scope) return;
    if (event.type === "CONSENT") {
      if (isThirdParty(event.party, this.spouseCountsAsDebtor)) return;
      this.until.set(this.key(event), event.facts.endsAt ?? Number.POSITIVE_INFINITY);
    } else if (event.type === "CONSENT_REVOKED") {
      this.until.delete(this.key(event));
    }
  }

  /** Whether the event's agency holds the debtor's consent of this scope on the event's account at its time. */
  covers(event: PreparedEvent): boolean {
    const end = this.until.get(this.key(event));
    return end !== undefined && event.at < end;
  }
}
