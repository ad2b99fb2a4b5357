import { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createDataSource } from '../../src/db/data-source.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/config.js';

/** A logger like the process's, writing its JSON lines into an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        // Once per line: a second copy (a binding beside the mixin) would be ambiguous to log tools.
        expect(line.match(/"reqId":/g), line).to.have.length(1);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: createLogger({ logLevel: 'info' }, sink) };
}

describe('request ids on every log line', () => {
  it('puts our id, answered as X-Request-Id, and the proxy’s valid id on every line a request logs', async () => {
    const { lines, logger } = capturedLogger();
    // A data source never opened makes the request fail inside a handler, which logs the failure itself.
    const app = createApp(testConfig({ ECARNET_LOG_LEVEL: 'info' }), { dataSource: createDataSource({ kind: 'sqlite', file: ':memory:' }), logger });
    const response = await request(app).get('/api/v1/me').set('Cookie', 'ecarnet_session=abc').set('X-Request-Id', 'proxy-7f3a9c2e-01');
    expect(response.status).to.equal(500);
    const ours = response.headers['x-request-id'] as string;
    expect(ours).to.match(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = lines.filter((line) => line.reqId === ours);
    expect(mine.map((line) => line.msg)).to.include('unexpected error').and.include('request errored');
    for (const line of mine) expect(line.proxyRequestId).to.equal('proxy-7f3a9c2e-01');
    expect(lines.filter((line) => line.reqId !== ours)).to.deep.equal([]);
  });

  it('keeps a proxy id that could forge or break a log line out, and never takes it as ours', async () => {
    const { lines, logger } = capturedLogger();
    const app = createApp(testConfig(), { dataSource: createDataSource({ kind: 'sqlite', file: ':memory:' }), logger });
    for (const forged of ['short', 'a b c d e f g h', 'x'.repeat(200), 'abcdefgh"}{"admin":true']) {
      const response = await request(app).get('/healthz').set('X-Request-Id', forged);
      expect(response.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).to.have.length(4);
    for (const line of lines) {
      expect(line.reqId).to.match(/^[0-9a-f-]{36}$/);
      expect(line).not.to.have.property('proxyRequestId');
    }
  });
});
