import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, served by `/metrics`. One registry per process: counters add
 * up whatever app or worker instance counted them. Labels only ever hold route templates,
 * statuses, channels and names chosen in the code, never an id, a name or a URL: nothing about a
 * child or a family leaves through them.
 */
export const metricsRegistry = new Registry();

// Process CPU, memory, event-loop lag and GC, under their conventional names.
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

/** HTTP requests. */
export const httpMetrics = {
  duration: new Histogram({
    name: 'ecarnet_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  }),
};

/** The database pool and its bounded waits. */
export const databaseMetrics = {
  acquireSeconds: new Histogram({
    name: 'ecarnet_db_pool_acquire_seconds',
    help: 'Time waited for a pooled MariaDB/MySQL connection',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  }),
  waitsExceeded: new Counter({
    name: 'ecarnet_db_waits_exceeded_total',
    help: 'Connections or statements abandoned after the database wait (answered 503)',
    labelNames: ['phase'] as const,
    registers,
  }),
  connections: new Gauge({
    name: 'ecarnet_db_pool_connections',
    help: 'Pooled connections, by state (busy: lent to a request; idle: free in the pool)',
    labelNames: ['state'] as const,
    registers,
  }),
  waiting: new Gauge({ name: 'ecarnet_db_pool_waiting', help: 'Callers queued for a pooled connection', registers }),
  limit: new Gauge({ name: 'ecarnet_db_pool_limit', help: 'Most connections the pool opens', registers }),
  up: new Gauge({ name: 'ecarnet_db_up', help: '1 when the database answered the scrape within a second, else 0', registers }),
};

/** The notification outboxes and their worker. */
export const outboxMetrics = {
  backlog: new Gauge({
    name: 'ecarnet_outbox_due',
    help: 'Notifications due now and not yet delivered, by outbox and channel',
    labelNames: ['outbox', 'channel'] as const,
    registers,
  }),
  oldestDueAge: new Gauge({
    name: 'ecarnet_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due notification has waited, by outbox and channel (0 when none)',
    labelNames: ['outbox', 'channel'] as const,
    registers,
  }),
  deliveries: new Counter({
    name: 'ecarnet_worker_deliveries_total',
    help: 'Notifications handed to a channel by the worker, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  }),
  roundFailures: new Counter({
    name: 'ecarnet_worker_round_failures_total',
    help: 'Worker rounds that failed (database unavailable or unexpected error) and were retried later',
    registers,
  }),
};

/** Everything else the operators asked to watch. */
export const featureMetrics = {
  translationCache: new Counter({
    name: 'ecarnet_translation_cache_total',
    help: 'Translation look-ups, by result (hit: from the cache; miss: asked of the provider)',
    labelNames: ['result'] as const,
    registers,
  }),
  rateLimitRefusals: new Counter({
    name: 'ecarnet_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit, by limiter',
    labelNames: ['limiter'] as const,
    registers,
  }),
  mediaBytesStored: new Counter({
    name: 'ecarnet_media_stored_bytes_total',
    help: 'Bytes written to media storage (originals and renditions)',
    registers,
  }),
  mediaOrphansDeleted: new Counter({
    name: 'ecarnet_media_orphans_deleted_total',
    help: 'Stored media objects no row named (an upload cut off between storing and recording), deleted by the sweep',
    registers,
  }),
};
