import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics-router.js';

/**
 * A listener of its own for Prometheus (`ECARNET_METRICS_PORT`), serving only `GET /metrics`:
 * kept off the public port, it needs no token, on a port the proxy does not forward (bind it with
 * `ECARNET_HOST` or a firewall to the monitoring network).
 */
export async function startMetricsServer(port: number, host: string | null, dataSource: DataSource, clock: Clock, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    renderMetrics(dataSource, clock).then(
      (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' }).end(text),
      (error: unknown) => {
        logger.warn({ err: error }, 'metrics scrape failed');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (host) server.listen(port, host, resolve);
    else server.listen(port, resolve);
  });
  return server;
}
