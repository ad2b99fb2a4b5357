import { Counter } from 'prom-client';
import { metricsRegistry } from '../metrics/metrics.js';

/** What the retention job deleted, by kind of data (names from the code only, never an id). */
export const retentionMetrics = {
  deleted: new Counter({
    name: 'ecarnet_retention_deleted_total',
    help: 'Rows and stored objects deleted by the retention job, by kind of data',
    labelNames: ['kind'] as const,
    registers: [metricsRegistry],
  }),
};
