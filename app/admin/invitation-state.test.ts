import { describe, expect, test } from "vitest";
import { invitationExpiry, invitationLifetimeHours, invitationState, type InvitationRecord, type InvitationState } from "./invitation-state";

const issued = new Date("2026-03-02T09:00:00Z");
const expiresAt = invitationExpiry(issued);
const hours = (count: number) => new Date(issued.getTime() + count * 3_600_000);

describe("invitationExpiry", () => {
  test(`a link lasts ${invitationLifetimeHours} hours unless told otherwise`, () => {
    expect(expiresAt.toISOString()).toBe("2026-03-05T09:00:00.000Z");
    expect(invitationExpiry(issued, 1).toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });
});

describe("invitationState", () => {
  test.each<[string, Partial<InvitationRecord>, Date, InvitationState]>([
    ["fresh", {}, hours(1), "valid"],
    ["a moment before the end", {}, new Date(expiresAt.getTime() - 1), "valid"],
    ["at the end", {}, expiresAt, "expired"],
    ["after the end", {}, hours(100), "expired"],
    ["used", { usedAt: hours(2) }, hours(3), "used"],
    ["used, later past its end", { usedAt: hours(2) }, hours(100), "used"],
    ["replaced by a newer link", { revokedAt: hours(2) }, hours(3), "revoked"],
    ["replaced, later past its end", { revokedAt: hours(2) }, hours(100), "revoked"],
  ])("%s", (_label, overrides, now, expected) => {
    expect(invitationState({ expiresAt, usedAt: null, revokedAt: null, ...overrides }, now)).toBe(expected);
  });
});
