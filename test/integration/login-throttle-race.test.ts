import { describe, expect, test } from "vitest";
import { loginThrottle } from "~/auth/login-throttle.server";
import { signIn } from "~/auth/sign-in.server";
import { getPrisma } from "~/db/client.server";
import { ensureUser } from "~/demo/factories.server";

function requestFrom(address: string) {
  return new Request("http://test.local/login", { method: "POST", headers: { "x-oversight-client-address": address } });
}

describe("the sign-in throttle under parallel attempts", () => {
  test("30 parallel wrong passwords: only the configured number of attempts is checked and recorded", async () => {
    const email = `race-${Date.now()}@throttle.test`;
    await ensureUser({ email, name: "Race Target", role: "VENDOR_MANAGER", password: "correct-horse-battery" });
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn({ email, password: "wrong-password!", request: requestFrom("10.9.0.1") })));
    // Every attempt that was not throttled had its password verified with argon2.
    const verified = results.filter((result) => result.status === "invalid-credentials").length;
    expect(verified).toBe(loginThrottle.maxFailuresPerAccountAndAddress);
    expect(results.filter((result) => result.status === "throttled")).toHaveLength(30 - loginThrottle.maxFailuresPerAccountAndAddress);
    expect(await getPrisma().loginAttempt.count({ where: { email } })).toBe(loginThrottle.maxFailuresPerAccountAndAddress);
  });

  test("parallel guesses at one account from many addresses stop at the per-account limit", async () => {
    const email = `race-spread-${Date.now()}@throttle.test`;
    const results = await Promise.all(
      Array.from({ length: loginThrottle.maxFailuresPerAccount + 10 }, (_, index) => signIn({ email, password: "wrong-password!", request: requestFrom(`10.9.1.${index + 1}`) })),
    );
    expect(results.filter((result) => result.status === "invalid-credentials")).toHaveLength(loginThrottle.maxFailuresPerAccount);
    expect(await getPrisma().loginAttempt.count({ where: { email } })).toBe(loginThrottle.maxFailuresPerAccount);
  });

  test("a success after the reservation clears the pair's failures and is recorded as a success", async () => {
    const email = `race-ok-${Date.now()}@throttle.test`;
    await ensureUser({ email, name: "Race Success", role: "VENDOR_MANAGER", password: "correct-horse-battery" });
    await signIn({ email, password: "wrong-password!", request: requestFrom("10.9.2.1") });
    expect((await signIn({ email, password: "correct-horse-battery", request: requestFrom("10.9.2.1") })).status).toBe("signed-in");
    const attempts = await getPrisma().loginAttempt.findMany({ where: { email }, select: { succeeded: true } });
    expect(attempts).toEqual([{ succeeded: true }]);
  });
});
