import type { Request } from 'express';

/** The address a request came from, as Express resolves it behind the configured proxies. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
