import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { proxyRequestIdOf, withRequestIds } from './request-id.js';

/**
 * One structured log line per request. Each request gets an id of ours (answered as
 * `X-Request-Id`), and keeps the proxy's `X-Request-Id` beside it when it has an acceptable shape:
 * both ride on every line logged while the request is served (see `requestIdsMixin`), so one
 * request's lines can be found together, here and in the proxy's logs. Cookies, tokens and bodies
 * are never logged.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const logRequest = pinoHttp({
    logger,
    // The ids are on every line already (the logger's mixin): the request's own fields leave them out.
    genReqId: (req: IncomingMessage) => currentId(req),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: loggableUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
  return (req, res, next) => {
    const reqId = randomUUID();
    const proxyRequestId = proxyRequestIdOf(req.headers['x-request-id']);
    ids.set(req, reqId);
    res.setHeader('X-Request-Id', reqId);
    withRequestIds(proxyRequestId ? { reqId, proxyRequestId } : { reqId }, () => logRequest(req, res, next));
  };
}

const ids = new WeakMap<IncomingMessage, string>();

function currentId(req: IncomingMessage): string {
  return ids.get(req) ?? randomUUID();
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
