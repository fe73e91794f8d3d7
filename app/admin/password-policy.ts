/** Length beats complexity rules (NIST SP 800-63B); 12 is the floor for accounts that see personal data. */
export const minimumPasswordLengthForUsers = 12;
