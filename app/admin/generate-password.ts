import { randomInt } from "node:crypto";
import { minimumPasswordLengthForUsers } from "./password-policy";

// Passwords the CLI generates and prints once. Letters and digits without look-alikes (0/O, 1/l/I), so one
// read off a terminal is typed right; 20 of 55 symbols is about 115 bits, far beyond guessing.
export const generatedPasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const generatedPasswordLength = Math.max(20, minimumPasswordLengthForUsers);

/** `random(n)` returns an integer in [0, n); crypto's by default, a fixed sequence in tests. */
export function generatePassword(random: (bound: number) => number = randomInt): string {
  let password = "";
  for (let index = 0; index < generatedPasswordLength; index++) password += generatedPasswordAlphabet[random(generatedPasswordAlphabet.length)];
  return password;
}
