import http from 'node:http';
import https from 'node:https';

/** An answer: its status, headers and body (read whole, so the connection is free again). */
export interface SurgeAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What to send, and from which connection pool (one per phone for sign-ins). */
export interface SurgeRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly agent?: http.Agent;
}

const shared = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
};

/**
 * A connection pool of its own, from a loopback address of its own (127.0.0.0/8 is all this
 * machine's): a phone on its own network, as the proxy and the app's per-address limits see it.
 * Destroy it after use.
 */
export function phoneAgent(secure: boolean, localAddress: string): http.Agent {
  return secure ? new https.Agent({ keepAlive: true, rejectUnauthorized: false, localAddress }) : new http.Agent({ keepAlive: true, localAddress });
}

/**
 * One request of the surge to a server on this machine (app, raw baseline or HAProxy, whose
 * throwaway certificate is not checked). Kept-alive connections are shared by default, as
 * browsers keep theirs. Gives up after 10 s.
 */
export function surgeRequest(url: string, request: SurgeRequest = {}): Promise<SurgeAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? https : http).request(
      target,
      { method: request.method ?? 'GET', headers: request.headers, agent: request.agent ?? (secure ? shared.https : shared.http), timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    outgoing.once('timeout', () => outgoing.destroy(new Error(`${url} timed out`)));
    outgoing.once('error', reject);
    outgoing.end(request.body);
  });
}
