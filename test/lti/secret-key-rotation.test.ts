import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { masterSecrets } from '../../src/config/master-secrets.js';
import { createDataSource } from '../../src/db/data-source.js';
import { resealToolKeys } from '../../src/lti/keys/reseal-tool-keys.js';
import { SealedBox } from '../../src/lti/keys/sealed-box.js';
import { TOOL_KEY_SEAL_PURPOSE, ToolKeys } from '../../src/lti/keys/tool-keys.js';
import { LtiToolKey } from '../../src/model/lti-tool-key.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';

const OLD = 'the-old-master-secret-0123456789-abcdefgh';
const NEW = 'the-new-master-secret-0123456789-ijklmnop';
const silent = pino({ level: 'silent' });
const noFile = () => {
  throw Object.assign(new Error('no file'), { code: 'ENOENT' });
};

describe('rotating ECARNET_SECRET_KEY', function () {
  this.timeout(180_000);
  // The tool's keys are the deployment's, not a school's: each test starts without any, and
  // leaves none sealed under its secrets for the suites that follow.
  beforeEach(() => testDataSource().getRepository(LtiToolKey).clear());
  after(() => testDataSource().getRepository(LtiToolKey).clear());

  it('reads the previous keys, and refuses a short one or the current key among them', () => {
    const production = { ECARNET_MODE: 'production', ECARNET_BASE_URL: 'https://e-carnet.example.fr', ECARNET_SECRET_KEY: NEW };
    const loaded = loadConfig({ ...production, ECARNET_SECRET_KEY_PREVIOUS: `${OLD}, ${'o'.repeat(40)}` }, noFile);
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(masterSecrets(loaded.config)).to.deep.equal([NEW, OLD, 'o'.repeat(40)]);
    const short = loadConfig({ ...production, ECARNET_SECRET_KEY_PREVIOUS: 'short' }, noFile);
    expect(short.ok).to.equal(false);
    if (!short.ok) expect(short.errors.join('\n')).to.include('ECARNET_SECRET_KEY_PREVIOUS');
    const same = loadConfig({ ...production, ECARNET_SECRET_KEY_PREVIOUS: NEW }, noFile);
    expect(same.ok).to.equal(false);
    if (!same.ok) expect(same.errors.join('\n')).to.include('must not hold the current ECARNET_SECRET_KEY');
  });

  it('keeps signing with the same key after a rotation, and seals it again under the new key, resumably', async () => {
    const clock = new TestClock();
    const earlierRuns = ((await testDataSource().query("SELECT id FROM audit_event WHERE action = 'secrets.resealed'")) as unknown[]).length;
    const before = await new ToolKeys(testDataSource(), OLD, clock, silent).signingKey();
    const second = await new ToolKeys(testDataSource(), OLD, clock, silent).rotate();
    const rotated = new ToolKeys(testDataSource(), [NEW, OLD], clock, silent);
    expect((await rotated.signingKey()).kid, 'the old key opens: no emergency key').to.equal(before.kid);

    // A run interrupted after the first row: the second run finishes the rest only.
    const box = new SealedBox([NEW, OLD], TOOL_KEY_SEAL_PURPOSE);
    const first = await testDataSource().getRepository(LtiToolKey).findOneByOrFail({ kid: before.kid });
    await testDataSource().getRepository(LtiToolKey).update({ kid: first.kid }, { privateKeySealed: box.reseal(first.privateKeySealed, first.kid)! });
    const report = await resealToolKeys(testDataSource(), [NEW, OLD], clock.now());
    expect(report).to.deep.equal({ resealed: 1, alreadyCurrent: 1, unreadable: [] });
    expect(await resealToolKeys(testDataSource(), [NEW, OLD], clock.now())).to.deep.equal({ resealed: 0, alreadyCurrent: 2, unreadable: [] });

    // The old key can go: the new one alone opens every key, which still signs.
    const onlyNew = new SealedBox(NEW, TOOL_KEY_SEAL_PURPOSE);
    for (const row of await testDataSource().getRepository(LtiToolKey).find()) expect(onlyNew.open(row.privateKeySealed, row.kid)).to.include('PRIVATE KEY');
    const secondRow = await testDataSource().getRepository(LtiToolKey).findOneByOrFail({ kid: second });
    expect(() => new SealedBox(OLD, TOOL_KEY_SEAL_PURPOSE).open(secondRow.privateKeySealed, second)).to.throw();
    expect((await new ToolKeys(testDataSource(), NEW, clock, silent).signingKey()).kid).to.equal(before.kid);
    const audits = (await testDataSource().query("SELECT detailJson FROM audit_event WHERE action = 'secrets.resealed'")) as { detailJson: string }[];
    expect(audits).to.have.length(earlierRuns + 2);
    expect(audits.map((audit) => JSON.parse(audit.detailJson) as unknown)).to.deep.include.members([
      { resealed: 1, alreadyCurrent: 1, unreadable: [] },
      { resealed: 0, alreadyCurrent: 2, unreadable: [] },
    ]);
  });

  // On the embedded database of a fresh data folder, whichever engine the rest of the suite uses.
  it('main.js keys:reencrypt seals again from the command line, and fails while a key opens with no known secret', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-keys-'));
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), ...args], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ECARNET_LOG_LEVEL: 'warn', ECARNET_DATA_DIR: dataDir, ...env },
        encoding: 'utf8',
      });
    try {
      expect(run(['migrate'], {}).status).to.equal(0);
      const dataSource = createDataSource({ kind: 'sqlite', file: path.join(dataDir, 'e-carnet.sqlite') });
      await dataSource.initialize();
      const kid = (await new ToolKeys(dataSource, OLD, new TestClock(), silent).signingKey()).kid;
      await dataSource.destroy();

      const missingOld = run(['keys:reencrypt'], { ECARNET_SECRET_KEY: NEW });
      expect(missingOld.status).to.equal(1);
      expect(missingOld.stderr).to.include(kid);
      const done = run(['keys:reencrypt'], { ECARNET_SECRET_KEY: NEW, ECARNET_SECRET_KEY_PREVIOUS: OLD });
      expect(done.status, done.stderr).to.equal(0);
      expect(done.stdout).to.include('sealed again under the current key: 1; already under it: 0');
      const again = run(['keys:reencrypt'], { ECARNET_SECRET_KEY: NEW });
      expect(again.status, again.stderr).to.equal(0);
      expect(again.stdout).to.include('sealed again under the current key: 0; already under it: 1');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
