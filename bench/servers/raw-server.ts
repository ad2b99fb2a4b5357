import http from 'node:http';
import type { Pool } from 'mysql2/promise';

/** A page a raw baseline renders: from the request's URL and Cookie header, a status and HTML. */
export type RawPage = (url: string, cookieHeader: string | undefined) => Promise<{ status: number; html: string }>;

/**
 * Serves a raw baseline's page with node:http alone on a free loopback port, prints the
 * "listening <url>" line the harness waits for, and closes the pool on SIGTERM.
 */
export function serveRawPage(render: RawPage, pool: Pool, path = ''): void {
  const server = http.createServer((req, res) => {
    render(req.url ?? '/', req.headers.cookie).then(
      ({ status, html }) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${path}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}
