import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DiskMediaStorage } from '../../src/media/index.js';
import { Enrolment, type Person } from '../../src/model/index.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { runRetention } from '../../src/retention/run-retention.js';
import { TestClock } from '../support/clock.js';
import { testDatabaseTarget, testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { RetentionFixture } from './support.js';

/** Runs crash-child.ts and resolves with how it ended. */
function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test', 'retention', 'crash-child.ts')], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('retention job killed mid-batch', function () {
  this.timeout(120_000);
  let mediaDir: string;
  beforeEach(async () => {
    mediaDir = await mkdtemp(path.join(os.tmpdir(), 'ecarnet-retention-crash-'));
  });
  afterEach(async () => {
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('leaves whole units only, and the next run finishes the work: no row without its files, no file without its row', async () => {
    const dataSource = testDataSource();
    const storage = new DiskMediaStorage(mediaDir);
    const fixture = new RetentionFixture(dataSource, storage);
    const school = await SchoolFactory.create(dataSource);
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const stayer = await school.pupil(klass);
    const staying = await fixture.entry(school, klass, teacher, [stayer], { photos: 1 });
    const leavers: { pupil: Person; entry: { entryId: string; keys: string[] } }[] = [];
    for (let index = 0; index < 5; index += 1) {
      const pupil = await school.pupil(klass);
      await dataSource.getRepository(Enrolment).update({ pupilId: pupil.id }, { endedAt: new Date('2027-01-10T12:00:00.000Z') });
      leavers.push({ pupil, entry: await fixture.entry(school, klass, teacher, [pupil], { photos: 1 }) });
    }
    const clock = new TestClock('2027-07-10T08:00:00.000Z');
    const env = (crash: 'statement' | 'storage', at: number) => ({
      RETENTION_TEST_DATABASE: JSON.stringify(testDatabaseTarget()),
      RETENTION_TEST_SCHOOL: school.id,
      RETENTION_TEST_MEDIA: mediaDir,
      RETENTION_TEST_CRASH: crash,
      RETENTION_TEST_CRASH_AT: String(at),
      RETENTION_TEST_NOW: clock.now().toISOString(),
    });
    const entryLeft = async (entryId: string) => Number(((await dataSource.query('SELECT COUNT(*) AS n FROM portfolio_entry WHERE id = ?', [entryId])) as { n: unknown }[])[0]!.n) === 1;
    const filesLeft = async (keys: readonly string[]) => (await Promise.all(keys.map((key) => storage.stat(key)))).filter((stat) => stat !== undefined).length;
    const pending = async () => ((await dataSource.query('SELECT storageKey FROM retention_pending_object WHERE schoolId = ?', [school.id])) as { storageKey: string }[]).map((row) => row.storageKey);
    /** Every medium row of the school still has all its files. */
    const noRowWithoutFiles = async () => {
      const rows = (await dataSource.query('SELECT originalKey, screenKey, thumbnailKey FROM portfolio_medium WHERE schoolId = ?', [school.id])) as Record<string, string>[];
      for (const row of rows) expect(await filesLeft(Object.values(row)), JSON.stringify(row)).to.equal(3);
    };

    /** For each pupil who left (in whatever order the job takes them): is their entry still there, how many of its files. */
    const state = async () => Promise.all(leavers.map(async ({ entry }) => ({ entry: await entryLeft(entry.entryId), files: await filesLeft(entry.keys), keys: entry.keys })));

    // Killed inside the third pupil's transaction: two are gone whole, the other three untouched.
    const first = await runChild(env('statement', 3));
    expect(first.signal, first.output).to.equal('SIGKILL');
    let now = await state();
    expect(now.filter((pupil) => !pupil.entry && pupil.files === 0)).to.have.length(2);
    expect(now.filter((pupil) => pupil.entry && pupil.files === 3)).to.have.length(3);
    expect(await pending()).to.deep.equal([]);
    await noRowWithoutFiles();

    // Killed after the third pupil's rows committed, while deleting its files (the dead run's lease has run out).
    clock.advanceMinutes(11);
    const second = await runChild(env('storage', 2));
    expect(second.signal, second.output).to.equal('SIGKILL');
    now = await state();
    expect(now.filter((pupil) => !pupil.entry && pupil.files === 0)).to.have.length(2);
    expect(now.filter((pupil) => pupil.entry && pupil.files === 3)).to.have.length(2);
    const cut = now.filter((pupil) => !pupil.entry && pupil.files > 0);
    expect(cut).to.have.length(1);
    expect(cut[0]!.files).to.equal(2);
    // The files still there are listed for the next run (the one deleted just before the kill may be listed too: deleting it again succeeds).
    const remaining = (await Promise.all(cut[0]!.keys.map(async (key) => ((await storage.stat(key)) ? key : undefined)))).filter(Boolean);
    expect(await pending()).to.include.members(remaining);
    expect(cut[0]!.keys).to.include.members(await pending());
    await noRowWithoutFiles();

    // The next run finishes: the listed files, then the two pupils not reached.
    clock.advanceMinutes(11);
    const resumed = await runRetention({ dataSource, storage, logger: pino({ level: 'silent' }), clock }, { schoolIds: [school.id] });
    expect(resumed.ran).to.equal(true);
    expect(await Promise.all(leavers.map(({ entry }) => entryLeft(entry.entryId)))).to.deep.equal([false, false, false, false, false]);
    expect(await Promise.all(leavers.map(({ entry }) => filesLeft(entry.keys)))).to.deep.equal([0, 0, 0, 0, 0]);
    expect(await pending()).to.deep.equal([]);
    expect(await entryLeft(staying.entryId)).to.equal(true);
    expect(await filesLeft(staying.keys)).to.equal(3);
    // Each pupil's deletion is in the audit log once, however many runs it took.
    const audited = (await dataSource.query("SELECT subjectId FROM audit_event WHERE schoolId = ? AND action = 'retention.personDeleted'", [school.id])) as { subjectId: string }[];
    expect(audited.map((row) => row.subjectId).sort()).to.deep.equal(leavers.map(({ pupil }) => pupil.id).sort());
  });
});
