import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { characterSetProblem } from '../../src/db/character-set.js';
import { createDataSource } from '../../src/db/data-source.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startServer, StartupError } from '../../src/server.js';
import { testConfig } from '../support/config.js';
import { testDataSource, testDatabaseTarget } from '../support/database.js';

/*
 * A MariaDB database created in latin1 takes every migration, then refuses the first Turkish or
 * Arabic name. e-carnet checks the character set before writing anything: at start, in `migrate`
 * and in `worker`. The latin1 database is real, on the run's MariaDB server.
 */

const target = testDatabaseTarget();

if (target.kind === 'mysql') {
  const latin1Name = `${target.database}_latin1`;
  const serverUrl = (() => {
    const url = new URL(target.url);
    url.pathname = '/';
    return url.toString();
  })();
  const latin1Url = (() => {
    const url = new URL(target.url);
    url.pathname = `/${latin1Name}`;
    return url.toString();
  })();
  const ALTER = `ALTER DATABASE \`${latin1Name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`;

  async function onServer(statements: string[]): Promise<void> {
    const connection = await mysql.createConnection({ uri: serverUrl });
    try {
      for (const statement of statements) await connection.query(statement);
    } finally {
      await connection.end();
    }
  }

  async function tablesOfLatin1(): Promise<string[]> {
    const rows = (await testDataSource().query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [latin1Name])) as { name: string }[];
    return rows.map((row) => row.name);
  }

  function runCli(command: string) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-charset-'));
    try {
      return spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), command], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ECARNET_DATA_DIR: dataDir, ECARNET_LOG_LEVEL: 'warn', DATABASE_URL: latin1Url },
        encoding: 'utf8',
        timeout: 60_000,
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  describe('a latin1 MariaDB database', function () {
    this.timeout(120_000);
    beforeEach(() => onServer([`DROP DATABASE IF EXISTS \`${latin1Name}\``, `CREATE DATABASE \`${latin1Name}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`]));
    after(() => onServer([`DROP DATABASE IF EXISTS \`${latin1Name}\``]));

    it('is refused by `migrate`, with the statement to run, before any table is created', async () => {
      const result = runCli('migrate');
      expect(result.status, result.stderr).to.equal(78);
      expect(result.stderr).to.include(`the database "${latin1Name}" uses the character set latin1`).and.to.include(ALTER);
      expect(await tablesOfLatin1()).to.deep.equal([]);
    });

    it('is refused by `worker`', () => {
      const result = runCli('worker');
      expect(result.status, result.stderr).to.equal(78);
      expect(result.stderr).to.include(ALTER);
    });

    it('is refused at start, before any migration', async () => {
      const config = { ...testConfig({ PORT: '0' }), database: { kind: 'mysql' as const, url: latin1Url, database: latin1Name }, autoMigrate: true, seedDemo: false };
      let error: unknown;
      try {
        const running = await startServer(config, pino({ level: 'silent' }));
        await running.stop();
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(StartupError);
      expect((error as Error).message).to.include(ALTER);
      expect(await tablesOfLatin1()).to.deep.equal([]);
    });

    it('is accepted once altered, and a latin1 table left from before is still named', async () => {
      await onServer([ALTER, `CREATE TABLE \`${latin1Name}\`.person_old (id VARCHAR(36) PRIMARY KEY, givenName VARCHAR(100)) CHARACTER SET latin1`]);
      const dataSource = createDataSource({ kind: 'mysql', url: latin1Url, database: latin1Name });
      await dataSource.initialize();
      try {
        const problem = await characterSetProblem(dataSource);
        expect(problem).to.include('1 table(s) have text columns in another character set: person_old').and.not.to.include('ALTER DATABASE `');
        await dataSource.query('DROP TABLE person_old');
        expect(await characterSetProblem(dataSource)).to.equal(undefined);
        // And the names the check is there for are stored as written.
        await dataSource.query('CREATE TABLE names_check (name VARCHAR(100) NOT NULL)');
        await dataSource.query('INSERT INTO names_check (name) VALUES (?), (?)', ['Ayşe Öztürk', 'عائشة']);
        const rows = (await dataSource.query('SELECT name FROM names_check ORDER BY name')) as { name: string }[];
        expect(rows.map((row) => row.name)).to.have.members(['Ayşe Öztürk', 'عائشة']);
      } finally {
        await dataSource.destroy();
      }
    });
  });
}

describe('database character set check', () => {
  it("accepts the run's own database (utf8mb4 on MariaDB; SQLite is always UTF-8)", async () => {
    expect(await characterSetProblem(testDataSource())).to.equal(undefined);
  });
});
