import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import supertest from 'supertest';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import { createBackup, type BackupSources, type CreatedBackup } from '../../src/backup/create-backup.js';
import { BackupRefused } from '../../src/backup/backup-refused.js';
import { restoreBackup, type RestoreReport } from '../../src/backup/restore-backup.js';
import { S3MediaStorage } from '../../src/media/index.js';
import { Person, SchoolClass } from '../../src/model/index.js';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';
import { seedDemoSchool } from '../../src/demo/seed-demo-school.js';
import type { DataSource } from 'typeorm';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { startS3Server } from '../support/s3-server.js';
import { postEntryForm } from '../portfolio/support.js';
import { rowDigest, type RowDigest } from './row-digest.js';
import { emptyScratchTarget, referencedKeys, withDataSource } from './support.js';

/** A distinct photo for each write, so every stored file has its own bytes. */
function photo(serial: number): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: (serial * 37) % 256, g: (serial * 91) % 256, b: 90 } } })
    .jpeg()
    .toBuffer();
}

/** The demo school's teacher writing, as from her phone: an entry with a photo, then a file for a message. */
class Writer {
  readonly titles: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly request: ReturnType<typeof supertest>;

  constructor(
    test: TestApp,
    private readonly classId: string,
    private readonly session: SignedIn,
  ) {
    this.request = supertest(test.app);
  }

  async writeOnce(): Promise<void> {
    const serial = this.titles.length + 1;
    const title = `Sauvegarde ${String(serial).padStart(4, '0')}`;
    const posted = await postEntryForm(this.request, this.classId, this.session, { audience: 'class', title, peopleReviewed: 'nobody', when: 'now' }, [
      { name: `photo-${serial}.jpg`, content: await photo(serial) },
    ]);
    expect(posted.status, posted.text).to.equal(303);
    this.titles.push(title);
    const file = await this.request
      .post('/api/v1/message-files')
      .set('Cookie', this.session.cookie)
      .set('X-CSRF-Token', this.session.csrfToken)
      .attach('f', await photo(serial + 1000), `message-${serial}.jpg`);
    expect(file.status, file.text).to.equal(201);
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) await this.writeOnce();
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

function sources(database: DatabaseTarget, mediaRoot: string): BackupSources {
  return { database, media: { kind: 'disk', root: mediaRoot } };
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof BackupRefused) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('backup and restore', function () {
  this.timeout(300_000);
  let work: string;
  let liveMedia: string;
  let restoredMedia: string;
  let writer: Writer;
  let atStart: RowDigest;
  let atEnd: RowDigest;
  let backup: CreatedBackup;
  let restored: RestoreReport;
  let target: DatabaseTarget;
  let restoredRows: RowDigest;
  let writtenBeforeBackup = 0;
  let restoredKeys: string[] = [];
  let liveTarget: DatabaseTarget;
  let live: DataSource;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-backup-'));
    liveMedia = path.join(work, 'live-media');
    restoredMedia = path.join(work, 'restored-media');
    // The live school is alone in a database of its own: rows other suites left in the run's
    // database reference media stored elsewhere, which a backup of this folder rightly misses.
    liveTarget = await emptyScratchTarget('live');
    live = createDataSource(liveTarget);
    await live.initialize();
    await runPendingMigrations(live);
    const schoolId = await seedDemoSchool(live, new Date('2026-11-01T08:00:00.000Z'));
    const test = createTestApp({ config: testConfig({ ECARNET_MEDIA_DIR: liveMedia }), dataSource: live });
    test.clock.set('2026-11-20T09:00:00.000Z');
    const klass = await live.getRepository(SchoolClass).findOneByOrFail({ schoolId, name: 'Grande section — Les Hiboux' });
    const teacher = await live.getRepository(Person).findOneByOrFail({ givenName: 'Claire', familyName: 'Martin' });
    writer = new Writer(test, klass.id, await test.signIn(teacher.id));
    // Some media before the snapshot, so the backup holds files its rows reference.
    await writer.writeOnce();
    await writer.writeOnce();

    writer.start();
    atStart = await rowDigest(live);
    writtenBeforeBackup = writer.titles.length;
    const started = performance.now();
    backup = await createBackup(sources(liveTarget, liveMedia), path.join(work, 'backup'));
    const backupMs = performance.now() - started;
    await writer.stop();
    atEnd = await rowDigest(live);

    target = await emptyScratchTarget('restore');
    const restoreStarted = performance.now();
    restored = await restoreBackup(backup.folder, sources(target, restoredMedia), { force: false });
    const restoreMs = performance.now() - restoreStarted;
    restoredRows = await withDataSource(target, rowDigest);
    restoredKeys = await withDataSource(target, referencedKeys);
    const rows = Object.values(backup.manifest.tables).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `      ${backup.manifest.engine}: backup of ${rows} rows and ${backup.manifest.media.files.length} files in ${Math.round(backupMs)} ms ` +
        `(database ${backup.databaseMs} ms, media ${backup.mediaMs} ms), restore in ${Math.round(restoreMs)} ms; ` +
        `${writer.titles.length - writtenBeforeBackup} entries written during the backup\n`,
    );
  });

  after(async () => {
    if (live?.isInitialized) await live.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('restores a live school into an empty database and proves it: row counts and media bytes as the manifest says', () => {
    expect(restored.problems).to.deep.equal([]);
    expect(backup.manifest.media.missingKeys).to.deep.equal([]);
    for (const [table, count] of Object.entries(backup.manifest.tables)) expect(restoredRows.get(table)?.size, table).to.equal(count);
    expect([...restoredRows.keys()].sort()).to.deep.equal(Object.keys(backup.manifest.tables).sort());
  });

  it('finds every row that existed at the snapshot, unchanged, and no row that did not exist by the end of the backup', () => {
    for (const [table, rowsBefore] of atStart) {
      const rowsAfter = atEnd.get(table)!;
      const rowsRestored = restoredRows.get(table)!;
      for (const [key, hash] of rowsBefore) {
        if (rowsAfter.get(key) !== hash) continue; // changed by the writer while the backup ran
        expect(rowsRestored.get(key), `${table} ${key}`).to.equal(hash);
      }
      for (const key of rowsRestored.keys()) expect(rowsAfter.has(key), `${table} ${key} never existed`).to.equal(true);
    }
  });

  it('holds a consistent instant: the writer’s entries form an unbroken prefix, each with its medium', async () => {
    const titles = await withDataSource(target, async (dataSource) =>
      ((await dataSource.query(`SELECT title FROM portfolio_entry WHERE title LIKE 'Sauvegarde %' ORDER BY title`)) as { title: string }[]).map((row) => row.title),
    );
    expect(titles.length).to.be.at.least(writtenBeforeBackup);
    expect(titles).to.deep.equal(writer.titles.slice(0, titles.length));
    const orphans = await withDataSource(target, async (dataSource) =>
      (await dataSource.query(
        `SELECT e.title FROM portfolio_entry e WHERE e.title LIKE 'Sauvegarde %' AND NOT EXISTS (SELECT 1 FROM portfolio_medium m WHERE m.entryId = e.id)`,
      )) as unknown[],
    );
    expect(orphans).to.deep.equal([]);
  });

  it('brings back every medium the restored rows reference, with the same bytes as the live store', () => {
    expect(restoredKeys.length).to.be.greaterThan(0);
    for (const key of restoredKeys) {
      const restoredFile = path.join(restoredMedia, ...key.split('/'));
      expect(fs.existsSync(restoredFile), key).to.equal(true);
      expect(fs.readFileSync(restoredFile).equals(fs.readFileSync(path.join(liveMedia, ...key.split('/')))), key).to.equal(true);
    }
  });

  it('refuses a non-empty target without --force, touching nothing, and replaces it with --force', async () => {
    const message = await refusal(restoreBackup(backup.folder, sources(target, restoredMedia), { force: false }));
    expect(message).to.match(/the database holds \d+ table\(s\) and the media folder .* holds \d+ file\(s\).*--force/);
    const refusedLive = await refusal(restoreBackup(backup.folder, sources(liveTarget, liveMedia), { force: false }));
    expect(refusedLive).to.include('--force');
    expect(await rowDigest(live)).to.deep.equal(atEnd);

    // Something the backup does not hold, in both the database and the media folder: --force removes it.
    await withDataSource(target, (dataSource) => dataSource.query(`DELETE FROM portfolio_feed_item`));
    fs.writeFileSync(path.join(restoredMedia, 'stray.bin'), 'not from the backup');
    const forced = await restoreBackup(backup.folder, sources(target, restoredMedia), { force: true });
    expect(forced.problems).to.deep.equal([]);
    expect(await withDataSource(target, rowDigest)).to.deep.equal(restoredRows);
    expect(fs.existsSync(path.join(restoredMedia, 'stray.bin'))).to.equal(false);
  });

  it('with S3 media, records the keys the snapshot references and looks for each in the bucket after a restore', async () => {
    const server = await startS3Server();
    try {
      const s3 = { kind: 's3' as const, ...server };
      const storage = new S3MediaStorage(s3);
      const [lost, ...kept] = restoredKeys;
      for (const key of kept) await storage.put(key, fs.createReadStream(path.join(liveMedia, ...key.split('/'))), { contentType: 'application/octet-stream' });
      const s3Backup = await createBackup({ database: target, media: s3 }, path.join(work, 's3-backup'));
      expect(s3Backup.manifest.media).to.deep.include({ storage: 's3', files: [], referencedKeys: restoredKeys });
      expect(fs.existsSync(path.join(s3Backup.folder, 'media'))).to.equal(false);
      const report = await restoreBackup(s3Backup.folder, { database: await emptyScratchTarget('s3'), media: s3 }, { force: false });
      expect(report.problems).to.deep.equal([`media ${lost}: referenced by a row, absent from the bucket`]);
    } finally {
      await server.stop();
    }
  });

  describe('refusals before touching anything', () => {
    let copy: string;
    let empty: DatabaseTarget;
    let emptyMedia: string;
    beforeEach(async () => {
      copy = path.join(work, `copy-${Date.now()}`);
      fs.cpSync(backup.folder, copy, { recursive: true });
      empty = await emptyScratchTarget('refused');
      emptyMedia = path.join(work, `empty-media-${Date.now()}`);
    });

    async function expectUntouched(): Promise<void> {
      expect(await withDataSource(empty, async (dataSource) => (await rowDigest(dataSource)).size)).to.equal(0);
      expect(fs.existsSync(emptyMedia) ? fs.readdirSync(emptyMedia) : []).to.deep.equal([]);
    }

    it('refuses a backup whose schema is newer than the code', async () => {
      const manifestFile = path.join(copy, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { schema: { lastMigration: string; timestamp: number; migrations: string[] } };
      manifest.schema = { lastMigration: 'Future1999999999999', timestamp: 1999999999999, migrations: [...manifest.schema.migrations, 'Future1999999999999'] };
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      const message = await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }));
      expect(message).to.include('newer than this code').and.include('Future1999999999999');
      await expectUntouched();
    });

    it('refuses a corrupted manifest', async () => {
      const manifestFile = path.join(copy, 'manifest.json');
      const text = fs.readFileSync(manifestFile, 'utf8');
      fs.writeFileSync(manifestFile, text.slice(0, text.length / 2));
      expect(await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }))).to.include('is not valid JSON');
      fs.writeFileSync(manifestFile, text.replace('"engine"', '"engines"'));
      expect(await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }))).to.include('not an e-carnet backup manifest');
      fs.rmSync(manifestFile);
      expect(await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }))).to.include('not a complete backup folder');
      await expectUntouched();
    });

    it('refuses a database file or a medium that is not the one the manifest describes', async () => {
      const databaseFile = path.join(copy, backup.manifest.database.file);
      fs.appendFileSync(databaseFile, '\n');
      expect(await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }))).to.include('corrupted backup');
      fs.cpSync(path.join(backup.folder, backup.manifest.database.file), databaseFile);
      const medium = backup.manifest.media.files[0]!;
      fs.truncateSync(path.join(copy, 'media', ...medium.key.split('/')), 10);
      expect(await refusal(restoreBackup(copy, sources(empty, emptyMedia), { force: true }))).to.include(`media file ${medium.key}`);
      await expectUntouched();
    });
  });
});
