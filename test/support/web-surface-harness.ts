import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type RequestHandler } from "express";
import { applyWebSurface, type WebSurfaceOptions } from "../../server/web-surface";

export type Listening = { url: string; port: number; close: () => Promise<void> };

async function listen(server: http.Server): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An Express app with the server's web surface in front of `handler` (a stand-in for Remix), on a free port. */
export async function startWebSurface(options: Partial<WebSurfaceOptions>, handler: RequestHandler): Promise<Listening> {
  const app = express();
  applyWebSurface(app, { mode: "production", ...options });
  app.all("*", handler);
  return listen(http.createServer(app));
}

/**
 * A real forwarding HTTP proxy on 127.0.0.1, as nginx would be: it passes the request on to the target and adds
 * X-Forwarded-For (the address it claims the client had), X-Forwarded-Host and X-Forwarded-Proto.
 */
export async function startForwardingProxy(targetPort: number, forwarded: { for: string; host?: string; proto?: string }): Promise<Listening> {
  const server = http.createServer((incoming, outgoing) => {
    const headers: http.OutgoingHttpHeaders = { ...incoming.headers, "x-forwarded-for": forwarded.for };
    if (forwarded.host) headers["x-forwarded-host"] = forwarded.host;
    if (forwarded.proto) headers["x-forwarded-proto"] = forwarded.proto;
    const upstream = http.request({ host: "127.0.0.1", port: targetPort, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  return listen(server);
}
