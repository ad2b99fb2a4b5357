import pino, { type Logger } from 'pino';
import type { Config } from './config/schema.js';
import { requestIdsMixin } from './http/request-id.js';

/**
 * The process's structured logger: JSON lines on stdout, written asynchronously in batches
 * (a synchronous write per request line costs a sixth of a busy server's CPU). `flushLogger`
 * empties the buffer before the process exits. Every line logged while a request is served
 * carries its `reqId` (and the proxy's `proxyRequestId`).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false, minLength: 4096 })): Logger {
  return pino({ level: config.logLevel, mixin: requestIdsMixin }, destination);
}

/** Writes out what the logger still holds. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
