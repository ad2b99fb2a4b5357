import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { textDirection, UI_LANGUAGES } from '../../src/i18n/languages.js';
import { devicePersonKey } from '../../src/pwa/person-key.js';
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

/** Whether the module at `moduleUrl` is the script this process runs (not one imported by another). */
export function isMainScript(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === path.resolve(process.argv[1]);
}

const NAMES: Record<string, string> = { fr: 'Français', en: 'English', ar: 'العربية', es: 'Español' };

/**
 * What the main layout needs, as the module gives it to a signed-in French page: compiled
 * templates kept (as Express does with 'view cache' on), the language menu, the CSRF token.
 */
export function frenchLayoutLocals(t: (key: string, values?: Record<string, unknown>) => string, session: { personId: string; csrfToken: string; givenName: string; familyName: string }) {
  return {
    // What the module's device middleware adds: the page's person key for the installable app.
    deviceKey: devicePersonKey(session.personId),
    cache: true,
    base: '',
    t,
    lang: 'fr',
    dir: textDirection('fr'),
    languages: UI_LANGUAGES.map((code) => ({ code, name: NAMES[code], current: code === 'fr', href: `?lang=${code}` })),
    csrfToken: session.csrfToken,
    signedIn: true,
    signedInPerson: { givenName: session.givenName, familyName: session.familyName },
  };
}
