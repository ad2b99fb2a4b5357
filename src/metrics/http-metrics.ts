import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpMetrics } from './metrics.js';

/** The label of requests no route answered (404s, static files, refusals before routing). */
const NO_ROUTE = '(none)';

/**
 * Times each request into `ecarnet_http_request_duration_seconds`, labelled with the route
 * template that answered it (`/api/v1/children/:id/timeline`), never the URL itself, whose ids
 * would make one series per child.
 *
 * Express sets `req.route` when a route takes the request, while `req.baseUrl` is still that of
 * the router holding it; by the time the response ends an error may have unwound both. So the
 * template is noted at that moment, through a setter on `req.route`.
 */
export function httpMetricsMiddleware(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const mountPath = req.baseUrl;
    let template: string | undefined;
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: { path?: unknown } | undefined) => {
        route = value;
        if (value && typeof value.path === 'string') template = `${req.baseUrl.slice(mountPath.length)}${value.path}`;
      },
    });
    res.once('finish', () => {
      httpMetrics.duration.observe(
        { method: req.method, route: template ?? (req.path.startsWith('/static/') ? '/static' : NO_ROUTE), status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
