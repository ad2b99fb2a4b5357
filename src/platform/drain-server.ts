import type { Server } from 'node:http';

/** How often connections that fell idle during the drain are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops `server` gracefully: it stops listening at once, lets the requests in flight finish, and
 * closes each keep-alive connection as soon as it falls idle (rather than at its keep-alive
 * timeout). Connections still busy after `graceMs` are cut. Resolves once every connection is closed.
 */
export function drainServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
