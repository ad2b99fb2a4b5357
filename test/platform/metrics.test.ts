import type { Server } from 'node:http';
import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import { systemClock } from '../../src/clock.js';
import { startMetricsServer } from '../../src/metrics/metrics-server.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/**
 * Reads Prometheus' text exposition format strictly: every line is a comment (`# HELP`, `# TYPE`)
 * or a sample `name{label="value",…} number`, and every sample's family was declared. Throws on
 * anything else, so a malformed scrape fails the test.
 */
/** A sample's value as Prometheus reads it: a number, NaN or ±Inf, the last two in any case. */
function sampleValue(written: string): number {
  const lower = written.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower.endsWith('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(written);
}

function parseExposition(text: string): { samples: Sample[]; help: Set<string>; types: Map<string, string> } {
  const samples: Sample[] = [];
  const help = new Set<string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (comment) {
      if (comment[1] === 'HELP') help.add(comment[2]!);
      else types.set(comment[2]!, comment[3]!);
      continue;
    }
    // Prometheus reads a value with Go's ParseFloat, which takes NaN and Inf in any case: prom-client
    // writes an empty event-loop histogram's mean as "Nan", and Prometheus scrapes it.
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|nan|[+-]inf)$/i.exec(line);
    if (!sample) throw new Error(`not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? '').match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? []) {
      const at = pair.indexOf('=');
      labels[pair.slice(0, at)] = JSON.parse(pair.slice(at + 1)) as string;
    }
    const name = sample[1]!;
    const family = [...types.keys()].find((declared) => name === declared || /^_(bucket|sum|count|total|created)$/.test(name.slice(declared.length)));
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    samples.push({ name, labels, value: sampleValue(sample[3]!) });
  }
  return { samples, help, types };
}

describe('/metrics for Prometheus', () => {
  let metricsServer: Server | undefined;
  after(() => metricsServer?.close());

  it('is not there without a token configured, and refuses a missing or wrong token alike (404)', async () => {
    const { app: closed } = createTestApp();
    expect((await request(closed).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).to.equal(404);
    const { app } = createTestApp({ config: testConfig({ ECARNET_METRICS_TOKEN: TOKEN }) });
    expect((await request(app).get('/metrics')).status).to.equal(404);
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).to.equal(404);
    expect((await request(app).get('/metrics').set('Authorization', TOKEN)).status).to.equal(404);
    const allowed = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(allowed.status).to.equal(200);
    expect(allowed.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
    expect(allowed.headers['cache-control']).to.equal('no-store');
  });

  it('names every route by its template and carries no child data in any label', async () => {
    const school = await messagingSchool();
    const testApp = createTestApp({ config: testConfig({ ECARNET_METRICS_TOKEN: TOKEN }) });
    testApp.clock.set(new Date());
    const sessions = new Sessions(testApp);
    // Traffic with ids in its URLs: a child's timeline, a message (which leaves a due notification).
    expect((await apiAs(sessions, school.mother).get(`/children/${school.leo.id}/timeline`)).status).to.equal(200);
    const sent = await apiAs(sessions, school.director).post('/messages', { to: { audience: 'family', pupilId: school.leo.id }, body: 'Réunion', urgent: true });
    expect(sent.status).to.equal(201);
    await request(testApp.app).get(`/api/v1/pupils/${school.leo.id}`);

    const scrape = await request(testApp.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    const { samples, help } = parseExposition(scrape.text);

    for (const name of [
      'ecarnet_http_request_duration_seconds',
      'ecarnet_db_pool_acquire_seconds',
      'ecarnet_db_waits_exceeded_total',
      'ecarnet_db_pool_connections',
      'ecarnet_db_pool_waiting',
      'ecarnet_db_up',
      'ecarnet_outbox_due',
      'ecarnet_outbox_oldest_due_age_seconds',
      'ecarnet_worker_deliveries_total',
      'ecarnet_worker_round_failures_total',
      'ecarnet_translation_cache_total',
      'ecarnet_rate_limit_refusals_total',
      'ecarnet_media_stored_bytes_total',
      'ecarnet_media_orphans_deleted_total',
      'process_cpu_seconds_total',
    ]) {
      expect(help.has(name), name).to.equal(true);
    }
    const routes = new Set(samples.filter((sample) => sample.name === 'ecarnet_http_request_duration_seconds_count').map((sample) => sample.labels.route));
    expect(routes).to.include('/api/v1/children/:pupilId/timeline');
    expect(routes).to.include('/api/v1/messages');
    const timeline = samples.find(
      (sample) => sample.name === 'ecarnet_http_request_duration_seconds_count' && sample.labels.route === '/api/v1/children/:pupilId/timeline' && sample.labels.status === '200',
    );
    expect(timeline?.labels.method).to.equal('GET');
    expect(samples.find((sample) => sample.name === 'ecarnet_db_up')?.value).to.equal(1);
    const due = samples.find((sample) => sample.name === 'ecarnet_outbox_due' && sample.labels.outbox === 'message' && sample.labels.channel === 'email');
    expect(due?.value).to.be.at.least(1);

    // No label holds an id, a name or a URL with one: nothing about a child leaves through metrics.
    const childData = [school.leo.id, school.leo.givenName, school.leo.familyName, school.mother.id, school.mother.familyName, school.tag];
    const values = samples.flatMap((sample) => Object.values(sample.labels));
    for (const value of values) {
      for (const secret of childData) expect(value, `label value ${value}`).not.to.include(secret);
      expect(value).not.to.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    }
  });

  it('serves the same on a port of its own, and nothing else there', async () => {
    metricsServer = await startMetricsServer(0, '127.0.0.1', testDataSource(), systemClock, pino({ level: 'silent' }));
    const address = metricsServer.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.status).to.equal(200);
    expect(parseExposition(await scrape.text()).help.has('ecarnet_http_request_duration_seconds')).to.equal(true);
    expect((await fetch(`${base}/`)).status).to.equal(404);
    expect((await fetch(`${base}/healthz`)).status).to.equal(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).to.equal(404);
  });
});
