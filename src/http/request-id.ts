import { AsyncLocalStorage } from 'node:async_hooks';

/** The ids a request is known by, carried to every log line written while it is served. */
interface RequestIds {
  /** Ours: a random UUID for each request, also answered as `X-Request-Id`. */
  readonly reqId: string;
  /** The proxy's `X-Request-Id`, when it sent one of an acceptable shape, to join its logs to ours. */
  readonly proxyRequestId?: string;
}

const current = new AsyncLocalStorage<RequestIds>();

/** Only ids that cannot break a log line or smuggle text into it: letters, digits, `-_.:`, 8–128. */
const ACCEPTABLE_PROXY_ID = /^[\w.:-]{8,128}$/;

/** The proxy's id from its header when it has an acceptable shape; otherwise none. */
export function proxyRequestIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && ACCEPTABLE_PROXY_ID.test(header) ? header : undefined;
}

/** Runs `work` (the rest of the request's handling) with these ids attached. */
export function withRequestIds<T>(ids: RequestIds, work: () => T): T {
  return current.run(ids, work);
}

/**
 * pino's `mixin`: adds the ids of the request being served to every line logged on its behalf,
 * whichever logger wrote it (the module's, a service's child, the request logger).
 */
export function requestIdsMixin(): Partial<RequestIds> {
  return current.getStore() ?? {};
}
