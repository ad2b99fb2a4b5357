import { expect } from 'chai';
import express from 'express';
import { createTestApp, type TestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { demoPerson } from '../support/demo.js';
import { startInstanceBehindProxy, untilProxyReady, type InstanceBehindProxy, type RunningProxy } from '../support/haproxy.js';
import { loopbackRequest, type LoopbackAnswer } from '../support/loopback-client.js';

const request = (url: string, headers: Record<string, string> = {}) => loopbackRequest(url, { headers });

/*
 * The deployment the README describes: e-carnet in production mode on plain HTTP on loopback,
 * Debian's HAProxy in front with the repository's deploy/haproxy.cfg ending TLS. Checks what the
 * configuration promises: https only, the scheme and client address set by the proxy (never by
 * the client), a request id, and no traffic to an instance whose /readyz fails.
 */
describe('deployment: HAProxy in front of a production instance', function () {
  this.timeout(60_000);
  let proxy: RunningProxy;
  let behind: InstanceBehindProxy;
  let testApp: TestApp;
  const seenRequestIds: (string | undefined)[] = [];

  before(async () => {
    behind = await startInstanceBehindProxy();
    proxy = behind.proxy;
    testApp = createTestApp({
      config: testConfig({
        ECARNET_MODE: 'production',
        ECARNET_BASE_URL: proxy.httpsUrl,
        ECARNET_SECRET_KEY: 'a-production-secret-for-the-proxy-test-only-0123456789',
        ECARNET_TRUST_PROXY: 'loopback',
        ECARNET_DEMO_SEED: 'false',
      }),
    });
    // What reaches the instance is recorded before the real app answers.
    const recording = express();
    recording.use((req, _res, next) => {
      if (req.path === '/healthz' && req.query.probe === 'request-id') seenRequestIds.push(req.get('x-request-id'));
      next();
    });
    recording.use(testApp.app);
    behind.attach(recording);
    await untilProxyReady(proxy);
  });
  after(async () => {
    await behind?.stop();
  });

  it('serves the module over TLS and sends plain http to https', async () => {
    const ready = await request(`${proxy.httpsUrl}/readyz`);
    expect(ready.status).to.equal(200);
    expect(ready.headers['strict-transport-security']).to.match(/max-age=\d+/);
    const plain = await request(`${proxy.httpUrl}/sign-in?school=0750654D`);
    expect(plain.status).to.equal(301);
    expect(plain.headers.location).to.equal(`https://127.0.0.1:${new URL(proxy.httpUrl).port}/sign-in?school=0750654D`);
  });

  it('takes the client address from the proxy, never from what the client claims', async () => {
    const parent = await demoPerson('Julie', 'Petit');
    const pupil = await demoPerson('Léo', 'Petit');
    const { cookie } = await testApp.signIn(parent.id);
    const page = await request(`${proxy.httpsUrl}/children/${pupil.id}/portfolio`, { cookie, 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'http' });
    expect(page.status).to.equal(200);
    const [latest] = (await testDataSource().query('SELECT network FROM portfolio_access WHERE pupilId = ? ORDER BY at DESC LIMIT 1', [pupil.id])) as { network: string }[];
    expect(latest?.network).to.match(/^127\.0\.0\./);
  });

  it('gives every request an id of its own, in its log line and to the instance', async () => {
    seenRequestIds.length = 0;
    await request(`${proxy.httpsUrl}/healthz?probe=request-id`, { 'x-request-id': 'chosen-by-the-client' });
    expect(seenRequestIds).to.have.length(1);
    const [id] = seenRequestIds;
    expect(id).to.be.a('string').and.not.equal('chosen-by-the-client');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line is written after the answer
    const line = proxy.log().split('\n').find((logged) => logged.includes('/healthz?probe=request-id'));
    expect(line).to.be.a('string').and.match(new RegExp(`${id!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('sends nothing to an instance whose /readyz fails, and answers 503 itself', async () => {
    await behind.closeInstance();
    const deadline = Date.now() + 15_000;
    let answer: LoopbackAnswer | undefined;
    do {
      answer = await request(`${proxy.httpsUrl}/healthz`).catch(() => undefined);
      if (answer?.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } while (Date.now() < deadline);
    expect(answer?.status).to.equal(503);
  });
});
