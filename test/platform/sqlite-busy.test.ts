import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { SessionStore } from '../../src/auth/session-store.js';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';
import { testConfig } from '../support/config.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * The embedded database locked by another process (a second `e-carnet worker`, a backup, an
 * operator's sqlite3 shell): a write waits the database bound, then is answered 503
 * SERVICE_UNAVAILABLE with Retry-After, leaves nothing behind, and goes through once the lock is gone.
 */
describe('SQLite locked by another process: a bounded 503, not a hang', function () {
  this.timeout(60_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecarnet-sqlite-busy-'));
  const file = path.join(folder, 'busy.sqlite');
  let dataSource: DataSource;
  let other: Database.Database | undefined;

  before(async () => {
    dataSource = createDataSource({ kind: 'sqlite', file }, { waitMs: 800 });
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
  });

  after(async () => {
    other?.close();
    await dataSource?.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers a write 503 within the bound while the file is locked, and accepts it after', async () => {
    const school = await SchoolFactory.create(dataSource);
    const child = await school.pupil(await school.class());
    await school.guardian([child]);
    const director = await school.director();
    const config = testConfig();
    const app = createApp(config, { dataSource, logger: pino({ level: 'silent' }) });
    const { token, session } = await new SessionStore(dataSource, config.session).create(new Date(), { personId: director.id, signInMethod: 'test' });
    const sendAs = (key: string) =>
      request(app)
        .post('/api/v1/messages')
        .set('Cookie', `ecarnet_session=${token}`)
        .set('X-CSRF-Token', session.csrfToken)
        .set('Idempotency-Key', key)
        .send({ to: { audience: 'family', pupilId: child.id }, body: 'Sortie annulée' });

    other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const refused = await sendAs('busy-while-locked');
    const elapsed = performance.now() - started;
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.body.error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).to.match(/^\d+$/);
    expect(elapsed).to.be.below(3_000);
    other.exec('ROLLBACK');

    const rows = (await dataSource.query('SELECT COUNT(*) AS n FROM message WHERE idempotencyKey = ?', ['busy-while-locked'])) as { n: number }[];
    expect(Number(rows[0]!.n)).to.equal(0);
    const accepted = await sendAs('busy-while-locked');
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(201);
  });
});
