import { createContext, useContext } from "react";

// The Content-Security-Policy nonce of the response being rendered (server/web-surface.ts makes one per
// request). Only the server render knows it; in the browser it is empty, which is fine because scripts are
// inserted once, by the server, and browsers hide a nonce attribute's value from the page anyway.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
