import http from 'node:http';
import https from 'node:https';

/** An answer read whole. */
export interface LoopbackAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What to send. */
export interface LoopbackRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Gives up after this long (a frozen or killed server must not hang a test). */
  readonly timeoutMs?: number;
}

const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
};

/**
 * One HTTP(S) request to a server of the test on this machine. TLS certificates are not checked:
 * the tests' proxies present throwaway self-signed ones, and nothing leaves 127.0.0.1.
 */
export function loopbackRequest(url: string, options: LoopbackRequest = {}): Promise<LoopbackAnswer> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`${url}: tests only talk to this machine`);
  const secure = target.protocol === 'https:';
  const client = secure ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, agent: secure ? agents.https : agents.http, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.once('timeout', () => outgoing.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out`)));
    outgoing.once('error', reject);
    outgoing.end(options.body);
  });
}
