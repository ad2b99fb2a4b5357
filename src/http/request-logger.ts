import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * One structured log line per request, with a request id (taken from a trusted proxy's
 * `X-Request-Id` when present). Cookies, tokens and bodies are never logged.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}

/**
 * The URL as it may be logged: query values hidden (sign-in codes, tickets, SAML messages,
 * invitation and registration tokens, login hints travel there) and share and unsubscribe tokens
 * taken out of `/s/:token` and `/link-notices/unsubscribe/:token` paths. The parameter names stay,
 * to tell requests apart.
 */
export function loggableUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const safePath = path.replace(/\/s\/[^/]+/, '/s/[token]').replace(/\/link-notices\/unsubscribe\/[^/]+/, '/link-notices/unsubscribe/[token]');
  if (query === undefined) return safePath;
  const names = [...new URLSearchParams(query).keys()];
  return `${safePath}?${names.map((name) => `${name}=…`).join('&')}`;
}
