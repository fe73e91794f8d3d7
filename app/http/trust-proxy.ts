import { isIP } from "node:net";

// TRUST_PROXY takes what Express's "trust proxy" setting takes, parsed once at start so that a typo stops the
// server instead of silently trusting nobody (or everybody): true/false, a hop count, or a comma-separated list of
// addresses, CIDR ranges and the names Express knows (loopback, linklocal, uniquelocal).

export type TrustProxySetting = boolean | number | string[];

const namedRanges = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return isIP(prefix) === 4 && family === 4; // 10.0.0.0/255.0.0.0
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The Express setting for a TRUST_PROXY value, or an error message naming what is wrong. */
export function parseTrustProxy(value: string): { ok: true; setting: TrustProxySetting } | { ok: false; message: string } {
  const text = value.trim();
  if (text === "" || text === "false") return { ok: true, setting: false };
  if (text === "true") return { ok: true, setting: true };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 100 ? { ok: true, setting: hops } : { ok: false, message: `${text} hops is not a plausible proxy chain` };
  }
  const entries = text.split(",").map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    return { ok: false, message: `not an address, CIDR range, hop count, true/false, loopback, linklocal or uniquelocal: ${wrong.map((entry) => `'${entry}'`).join(", ")}` };
  }
  return { ok: true, setting: entries };
}
