import type { DataSource } from 'typeorm';

/** How long `/readyz` and a metrics scrape wait for the database before saying it is down. */
const PROBE_TIMEOUT_MS = 900;

/**
 * True when the database answers `SELECT 1` within `timeoutMs`; false when it fails or stays
 * silent. Never waits longer, whatever the pool or the server do: a load balancer asking must get
 * its answer before its own timeout.
 */
export async function databaseAnswers(dataSource: DataSource, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const answered = dataSource.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, silent]);
  } finally {
    clearTimeout(timer);
  }
}
