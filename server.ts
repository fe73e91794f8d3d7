import { getEnv } from "./app/env.server";
import { startServer } from "./server/start-server";

// `npm start` (production build) and `npm run dev` (Vite middleware) both come through here.
const env = getEnv();
const mode = env.NODE_ENV === "production" ? "production" : "development";
const server = await startServer({ mode, port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY });
console.log(`Agency Oversight (${mode}) listening on ${server.url}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
