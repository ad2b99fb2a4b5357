import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sendResponse } from '../../src/messaging/api-schemas.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { testDatabaseTarget } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';

/* `e-carnet worker`: the outbox delivered by a process of its own, the web servers running with ECARNET_WORKER=off. */
describe('notifications: the worker as its own process', function () {
  this.timeout(60_000);
  let smtp: TestSmtpServer;
  let child: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-worker-'));

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await smtp?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers what the server accepted, then stops on SIGTERM', async () => {
    const school = await messagingSchool();
    const testApp = createTestApp();
    // Urgent, so that its e-mail may go now whatever the hour this test runs at.
    testApp.clock.set(new Date());
    const sent = await apiAs(new Sessions(testApp), school.director).post('/messages', {
      to: { audience: 'family', pupilId: school.zoe.id },
      body: 'École fermée demain',
      urgent: true,
    });
    expect(sent.status).to.equal(201);
    sendResponse.parse(sent.body);

    const target = testDatabaseTarget();
    child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'worker'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: target.kind === 'sqlite' ? `sqlite://${target.file}` : target.url,
        ECARNET_DATA_DIR: dataDir,
        ECARNET_SMTP_URL: smtp.url,
        ECARNET_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const ours = () => smtp.mails.filter((mail) => JSON.stringify(mail.to).includes(`zoe-parent.${school.tag}`));
    const deadline = Date.now() + 40_000;
    while (ours().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ours(), errors).to.have.length(1);
    expect(ours()[0]!.subject).to.include('URGENT');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });
});
