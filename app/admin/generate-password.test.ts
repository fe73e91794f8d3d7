import { describe, expect, test } from "vitest";
import { generatedPasswordAlphabet, generatedPasswordLength, generatePassword } from "./generate-password";
import { newPasswordSchema } from "./user-input";

describe("generatePassword", () => {
  test("meets the password policy and uses only unambiguous letters and digits", () => {
    for (let round = 0; round < 50; round++) {
      const password = generatePassword();
      expect(password).toHaveLength(generatedPasswordLength);
      expect(newPasswordSchema.safeParse(password).success).toBe(true);
      expect([...password].every((character) => generatedPasswordAlphabet.includes(character))).toBe(true);
    }
  });

  test.each([["0"], ["O"], ["1"], ["l"], ["I"]])("never contains the look-alike %s", (character) => {
    expect(generatedPasswordAlphabet).not.toContain(character);
  });

  test("draws every character from the random source it is given", () => {
    const draws: number[] = [];
    const password = generatePassword((bound) => {
      draws.push(bound);
      return draws.length % bound;
    });
    expect(draws).toEqual(Array(generatedPasswordLength).fill(generatedPasswordAlphabet.length));
    expect(password.startsWith(generatedPasswordAlphabet.slice(1, 6))).toBe(true);
  });

  test("two passwords differ", () => {
    expect(generatePassword()).not.toBe(generatePassword());
  });
});
