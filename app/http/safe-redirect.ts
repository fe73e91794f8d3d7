// After sign-in and after choosing a language the app sends the browser to a path the request named. Anything
// that could leave the site would make the app a phishing aid (an open redirect), so only a plain same-origin path
// passes. Browsers are lenient about URLs: they drop tabs and newlines anywhere, read "\" as "/", and treat
// "//host" as another site, so those are checked on the decoded text as well as on the raw one.


function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isPlainPath(value: string): boolean {
  if (!value.startsWith("/")) return false;
  if (value.startsWith("//") || value.startsWith("/\\")) return false;
  if (value.includes("\\") || hasControlCharacter(value)) return false;
  return true;
}

/**
 * The value when it is a path on this site ("/cases?agency=A"), otherwise the fallback. Rejected: absolute and
 * scheme-relative URLs, backslashes, control characters (raw or percent-encoded, such as %09 or %0A), and anything
 * that a URL parser would resolve to another origin.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!isPlainPath(value)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (!isPlainPath(decoded)) return fallback;
  // The last word goes to a real URL parser: whatever it makes of the value must stay on a made-up origin.
  const base = "http://same-origin.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
