// Masking for roles that may not see personal data. The shapes follow what Chinese lenders print on
// statements (138****5678, 张*), which US users also read easily.

/** Keeps the first 3 and last 4 digits of a phone number; shorter numbers keep only their last 2. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null || phone === "") return phone ?? null;
  const prefix = phone.startsWith("+") ? "+" : "";
  const digits = phone.slice(prefix.length);
  if (digits.length >= 8) return `${prefix}${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return `${prefix}${"*".repeat(digits.length)}`;
  return `${prefix}${"*".repeat(digits.length - 2)}${digits.slice(-2)}`;
}

const hanCharacter = /\p{Script=Han}/u;

/**
 * Chinese names keep the family name (first character): 张三 → 张*, 欧阳娜娜 → 欧***.
 * Latin names keep each word's initial: John Smith → J*** S****.
 */
export function maskName(name: string | null | undefined): string | null {
  if (name == null || name === "") return name ?? null;
  const characters = Array.from(name.trim());
  if (characters.length === 0) return "";
  if (hanCharacter.test(characters[0] ?? "")) {
    return characters.length === 1 ? "*" : `${characters[0]}${"*".repeat(characters.length - 1)}`;
  }
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const letters = Array.from(word);
      return `${letters[0] ?? ""}${"*".repeat(Math.max(letters.length - 1, 1))}`;
    })
    .join(" ");
}

/** Addresses are not shown at all: even a district and a street name narrow a debtor down. */
export function maskAddress(address: string | null | undefined): string | null {
  if (address == null || address === "") return address ?? null;
  return "****";
}

export type PersonalDataView = "masked" | "unmasked";

export function maskPersonalData<T extends { debtorName?: string | null; phoneNumber?: string | null }>(record: T, view: PersonalDataView): T {
  if (view === "unmasked") return record;
  return {
    ...record,
    ...(record.debtorName !== undefined ? { debtorName: maskName(record.debtorName) } : {}),
    ...(record.phoneNumber !== undefined ? { phoneNumber: maskPhone(record.phoneNumber) } : {}),
  };
}
