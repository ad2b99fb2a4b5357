import { Router } from 'express';
import { z } from 'zod';
import { requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { defineRoute, type ApiRoute } from './api-route.js';
import { appRoutes } from './app-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { v1Routes } from './v1-routes.js';

/** `/api/v1`: the JSON API, and its OpenAPI document at `/api/v1/openapi.json`. */
export function createApiRouter(context: ModuleContext): Router {
  const router = Router();
  const routes = v1Routes(context);
  // Open to anyone and cacheable: mounted before the rules of the personal answers below.
  const openRoutes: ApiRoute[] = [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'This document',
      tag: 'session',
      signedIn: false,
      response: z.record(z.string(), z.unknown()),
      handle(_input, _req, res) {
        res.set('Cache-Control', 'public, max-age=300').json(document);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/',
      summary: "The API's name, version and the address of this document",
      tag: 'session',
      signedIn: false,
      response: z.object({ name: z.string(), version: z.number().int(), openapi: z.string() }),
      handle(_input, req, res) {
        res.json({ name: 'e-carnet API', version: 1, openapi: `${req.basePath}/api/v1/openapi.json` });
      },
    }),
  ];
  const document = buildOpenApiDocument(context.config, [...openRoutes, ...routes, ...appRoutes]);
  const signedIn = requireSignIn(context.dataSource, context.clock);

  for (const route of openRoutes) router[route.method](route.path, route.handle);
  // Uploads read their own multipart body (streamed to storage); they are mounted before the JSON-only rule.
  for (const route of routes.filter((candidate) => candidate.multipart === true)) {
    router[route.method](route.path, (_req, res, next) => {
      res.set('Cache-Control', 'private, no-store');
      next();
    }, signedIn, route.handle);
  }
  router.use((req, res, next) => {
    // API answers are personal: never stored by shared caches or the browser's history.
    res.set('Cache-Control', 'private, no-store');
    // A body the API cannot read (a form, text) is refused as such, not as a wrong JSON.
    if (req.is('application/json') === false) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    next();
  });
  for (const route of routes.filter((candidate) => candidate.multipart !== true)) {
    router[route.method](route.path, ...(route.signedIn ? [signedIn] : []), route.handle);
  }
  return router;
}
