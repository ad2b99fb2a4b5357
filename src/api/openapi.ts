import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { CSRF_HEADER } from '../auth/csrf.js';
import type { DocumentedRoute } from './api-route.js';
import { errorResponse } from './response-schemas.js';

type JsonSchema = Record<string, unknown>;

/** What zod writes for a type JSON Schema cannot express (a Date, a transform): an open schema, not an error. */
const UNREPRESENTABLE_AS_OPEN_SCHEMA = 'any';

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: UNREPRESENTABLE_AS_OPEN_SCHEMA }) as JsonSchema;
  return rest;
}

/** `/pupils/:pupilId` → `/pupils/{pupilId}` */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** The parameters of a path or query schema, each with the schema it is checked against. */
function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  return Object.entries(schema?.shape ?? {}).map(([name, field]) => ({
    name,
    in: where,
    // A path parameter is always there; a query one only when its schema refuses it missing.
    required: where === 'path' || !field.safeParse(undefined).success,
    schema: jsonSchema(field),
  }));
}

const ERROR_RESPONSES = {
  '400': 'VALIDATION_FAILED, MALFORMED_JSON',
  '401': 'AUTHENTICATION_REQUIRED or SESSION_EXPIRED',
  '403': 'FORBIDDEN, CSRF_TOKEN_MISSING, CSRF_TOKEN_INVALID',
  '404': 'NOT_FOUND (also when the caller may not see the resource)',
};

/**
 * The OpenAPI 3.1 description of `/api/v1`, written from the same route table the router uses,
 * and of the routes outside it that a program reads (`appRoutes`): those keep their real paths,
 * each path item naming the app's root as its server.
 * @see https://spec.openapis.org/oas/v3.1.0
 */
export function buildOpenApiDocument(config: Config, routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const rootOf = new Map<string, 'api' | 'app'>();
  for (const route of routes) {
    const key = openApiPath(route.path);
    const root = route.root ?? 'api';
    // One key cannot hold a path of both servers: such a route needs another path.
    if ((rootOf.get(key) ?? root) !== root) throw new Error(`${key} is both an API path and an app path`);
    rootOf.set(key, root);
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[:/.](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\/$/, 'Index')}`,
      security: route.signedIn ? [{ session: [] }] : [],
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses: {
        ...(route.response
          ? { '200': { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response) } } } }
          : route.download
            ? { '200': { description: 'The file', content: { [route.download]: { schema: { type: 'string', format: 'binary' } } } } }
            : { '204': { description: 'Done' } }),
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, description]) => [
            status,
            { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          ]),
        ),
      },
    };
    if (route.multipart) {
      operation.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } } } },
      };
    }
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
      operation.parameters = [
        ...(operation.parameters as unknown[]),
        { name: CSRF_HEADER, in: 'header', required: true, schema: { type: 'string' }, description: 'From GET /me' },
      ];
    }
    paths[key] = { ...(root === 'app' ? { servers: [{ url: config.baseUrl, description: 'Outside /api/v1: the path is from the root of the app' }] } : {}), ...paths[key], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'e-carnet API',
      version: '1',
      description: 'Portfolio and school–family messaging. Every answer is limited to what the caller may see.',
    },
    servers: [{ url: `${config.baseUrl}/api/v1` }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ecarnet_session' } },
      schemas: { Error: jsonSchema(errorResponse) },
    },
    paths,
  };
}
