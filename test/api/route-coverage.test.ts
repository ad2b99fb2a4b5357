import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { validatedSchemasOf } from '../../src/http/validated.js';
import { createTestApp } from '../support/app.js';

/** The parts of Express 5's router layers this test reads. */
interface Layer {
  readonly rawPath?: unknown;
  readonly handle: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean>; readonly stack: readonly { readonly handle: unknown }[] };
}

interface MountedRoute {
  readonly method: string;
  readonly path: string;
  readonly handlers: readonly unknown[];
}

function stackOf(handle: unknown): readonly Layer[] | undefined {
  const stack = handle && (typeof handle === 'function' || typeof handle === 'object') && 'stack' in handle ? handle.stack : undefined;
  return Array.isArray(stack) ? (stack as Layer[]) : undefined;
}

/** Every route of the app with its full path: a router mounted under a path adds it to its routes. */
function mountedRoutes(stack: readonly Layer[], prefix = ''): MountedRoute[] {
  return stack.flatMap((layer): MountedRoute[] => {
    if (layer.route) {
      expect(layer.route.path, 'route paths are strings').to.be.a('string');
      return Object.keys(layer.route.methods).map((method) => ({
        method,
        path: `${prefix}${String(layer.route!.path)}`,
        handlers: layer.route!.stack.map((inner) => inner.handle),
      }));
    }
    const inner = stackOf(layer.handle);
    if (!inner) return [];
    const mountedAt = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return mountedRoutes(inner, `${prefix}${mountedAt}`);
  });
}

/** `/pupils/:pupilId` → `/pupils/{pupilId}` */
const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('OpenAPI document: every route a program reads is in it', () => {
  async function appAndDocument() {
    const { app, config } = createTestApp();
    const document = (await request(app).get('/api/v1/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown> & { servers?: { url: string }[] }>;
    };
    const routerOfApp = (app as unknown as { router: { stack: readonly Layer[] } }).router;
    return { routes: mountedRoutes(routerOfApp.stack), document, config };
  }

  it('describes every route mounted under /api/v1, at its path', async () => {
    const { routes, document } = await appAndDocument();
    const api = routes.filter((route) => route.path === '/api/v1' || route.path.startsWith('/api/v1/'));
    expect(api.length).to.be.greaterThan(40);
    const missing = api
      .map((route) => ({ method: route.method, key: openApiPath(route.path.slice('/api/v1'.length) || '/') }))
      .filter(({ method, key }) => document.paths[key]?.[method] === undefined || document.paths[key]?.servers !== undefined)
      .map(({ method, key }) => `${method.toUpperCase()} /api/v1${key}`);
    expect(missing, 'API routes missing from the document').to.deep.equal([]);
  });

  it('describes the routes outside /api/v1 declared for programs at the path where the app mounts them, and only mounted ones', async () => {
    const { routes, document, config } = await appAndDocument();
    const declared = routes.filter((route) => route.handlers.some((handler) => (validatedSchemasOf(handler) as { root?: string } | undefined)?.root === 'app'));
    expect(declared.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort()).to.include.members([
      'GET /children/:pupilId/portfolio.zip',
      'GET /healthz',
      'GET /lti/jwks',
      'POST /classes/:classId/portfolio/import',
      'POST /schools/:schoolId/classes/:classId/directory-sync',
    ]);
    const missing = declared
      .filter((route) => document.paths[openApiPath(route.path)]?.[route.method] === undefined || document.paths[openApiPath(route.path)]?.servers?.[0]?.url !== config.baseUrl)
      .map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(missing, 'routes outside /api/v1 missing from the document').to.deep.equal([]);

    // And the document names no path outside /api/v1 that the app does not serve.
    const mounted = new Set(routes.map((route) => `${route.method} ${openApiPath(route.path)}`));
    const stale = Object.entries(document.paths)
      .filter(([, item]) => item.servers !== undefined)
      .flatMap(([key, item]) => Object.keys(item).filter((method) => method !== 'servers').map((method) => `${method} ${key}`))
      .filter((operation) => !mounted.has(operation));
    expect(stale, 'documented paths the app does not serve').to.deep.equal([]);
  });

  it('finds no JSON answer in a file that declares none of its routes for the document', () => {
    // Error answers are the document's Error schema, written by the error handler for every route.
    const exempt = new Set([path.join('src', 'http', 'error-handler.ts')]);
    const undeclared = sourceFiles('src')
      .filter((file) => !file.startsWith(path.join('src', 'api') + path.sep) && !exempt.has(file))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        const answersJson = text.split('\n').some((line) => /\bres\.(?:.*\))?\s*\.?json\(/.test(line) || /\bres\.json\(/.test(line));
        return answersJson && !/\b(?:appRoute|defineRoute)\(/.test(text);
      });
    expect(undeclared, 'files answering JSON from routes the document does not know').to.deep.equal([]);
  });
});
