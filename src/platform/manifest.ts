import fs from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import { appRoute } from '../api/api-route.js';
import type { Config } from '../config/schema.js';
import { identityManifestSection } from '../auth/identity-manifest-section.js';
import { ltiManifestSection } from '../lti/manifest-section.js';
import { validated } from '../http/validated.js';
import { MANIFEST_FILE } from '../paths.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The manifest an ENT reads to enable the module (`manifest.json` at the project root), with
 * every path under `endpoints` and the icon turned into an absolute URL of this deployment.
 */
function buildManifest(config: Config): Record<string, Json> {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, Json>;
  const absolute = (value: Json): Json => {
    if (typeof value === 'string') return value.startsWith('/') ? `${config.baseUrl}${value}` : value;
    if (Array.isArray(value)) return value.map(absolute);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, absolute(v)]));
    return value;
  };
  return {
    ...manifest,
    icon: absolute(manifest.icon ?? null),
    endpoints: absolute(manifest.endpoints ?? {}),
    identity: identityManifestSection(config, manifest.identity) as Json,
    lti: ltiManifestSection(config, manifest.lti) as Json,
  };
}

/** `GET /manifest.json`, as the OpenAPI document describes it. */
export const manifestRoute = appRoute({
  method: 'get',
  path: '/manifest.json',
  summary: "The module's manifest for an ENT: endpoints, icon, identity and LTI sections, as absolute URLs of this deployment",
  tag: 'operations',
  signedIn: false,
  response: z.record(z.string(), z.unknown()),
});

/** `GET /manifest.json`, built once at start. */
export function createManifestRouter(config: Config): Router {
  const manifest = buildManifest(config);
  const router = Router();
  router.get(manifestRoute.path, validated(manifestRoute, (_input, _req, res) => {
    res.set('Cache-Control', 'public, max-age=300').set('Access-Control-Allow-Origin', '*').json(manifest);
  }));
  return router;
}
