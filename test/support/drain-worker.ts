import type { NotificationWorker } from '../../src/notify/worker.js';

/**
 * Runs the worker's rounds until one finds nothing to do, as its own polling does: side outboxes
 * take one claim per round, and the test database holds other specs' rows too.
 */
export async function drainWorker(worker: Pick<NotificationWorker, 'runOnce'>): Promise<void> {
  while ((await worker.runOnce()) > 0);
}
