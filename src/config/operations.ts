import { z } from 'zod';

/**
 * What an operator tunes to run the module under load and through outages: how long a request
 * waits for the database, where Prometheus reads the metrics, and how long a stop may take.
 * Kept apart from `load.ts` so that these settings live in one place.
 */
export interface OperationsConfig {
  /**
   * The longest a request waits for a database connection, and again for each statement, before
   * it is answered 503 SERVICE_UNAVAILABLE (also SQLite's busy timeout).
   */
  readonly databaseWaitMs: number;
  /** `/metrics` on the main port needs `Authorization: Bearer <token>`; off without it. */
  readonly metricsToken: string | null;
  /** A second listener serving only `/metrics` (no token asked there); none when null. */
  readonly metricsPort: number | null;
  /** After SIGTERM: how long in-flight requests and deliveries may take before they are cut. */
  readonly shutdownGraceMs: number;
}

/** Defaults: a request gives up on a silent database within seconds, not at the client's 10 s. */
const DEFAULT_DATABASE_WAIT_MS = 2_000;
const DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;
const MIN_METRICS_TOKEN_LENGTH = 32;

/** The environment variables of this group, listed with the module's other known variables. */
export const OPERATIONS_ENV_KEYS = ['ECARNET_DB_WAIT_MS', 'ECARNET_METRICS_TOKEN', 'ECARNET_METRICS_PORT', 'ECARNET_SHUTDOWN_GRACE_SECONDS'] as const;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Their schemas, merged into the environment schema. */
export const operationsEnvShape = {
  ECARNET_DB_WAIT_MS: wholeNumber(100, 60_000).optional(),
  ECARNET_METRICS_TOKEN: z
    .string()
    .min(MIN_METRICS_TOKEN_LENGTH, `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
  ECARNET_METRICS_PORT: wholeNumber(1, 65_535).optional(),
  ECARNET_SHUTDOWN_GRACE_SECONDS: wholeNumber(1, 600).optional(),
};

type OperationsVariables = { [key in keyof typeof operationsEnvShape]?: z.infer<(typeof operationsEnvShape)[key]> };

/** The operations settings from the parsed variables. */
export function operationsConfig(vars: OperationsVariables): OperationsConfig {
  return {
    databaseWaitMs: vars.ECARNET_DB_WAIT_MS ?? DEFAULT_DATABASE_WAIT_MS,
    metricsToken: vars.ECARNET_METRICS_TOKEN ?? null,
    metricsPort: vars.ECARNET_METRICS_PORT ?? null,
    shutdownGraceMs: (vars.ECARNET_SHUTDOWN_GRACE_SECONDS ?? DEFAULT_SHUTDOWN_GRACE_SECONDS) * 1000,
  };
}
