import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { SessionStore } from '../src/auth/session-store.js';
import { sqlInstant } from '../src/db/sql-values.js';
import { newId } from '../src/model/columns.js';
import { startServerProcess, stopProcess } from './harness.js';
import type { BenchSchool } from './messaging-school.js';
import type { SmtpSink } from './smtp-sink.js';

/** p-th percentile of latencies (ms). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** A signed-in session for a bench client (cookie and CSRF token). */
export async function benchSession(dataSource: DataSource, personId: string): Promise<Record<string, string>> {
  const { token, session } = await new SessionStore(dataSource, { idleMinutes: 24 * 60, maxHours: 24 }).create(new Date(), { personId, signInMethod: 'bench' });
  return { cookie: `ecarnet_session=${token}`, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json', accept: 'application/json' };
}

/** The raw baseline: the same rows (message, recipients, jobs) with mysql2, in one transaction. */
async function rawSend(pool: mysql.Pool, school: BenchSchool, senderId: string, recipients: readonly string[]): Promise<void> {
  const connection = await pool.getConnection();
  try {
    const id = newId();
    const at = sqlInstant(new Date());
    await connection.beginTransaction();
    await connection.query(
      `INSERT INTO message (id, schoolId, threadId, senderId, audience, classId, kind, body, language, urgent, copyPupil, recipientCount, createdAt)
       VALUES (?, ?, ?, ?, 'class', ?, 'information', ?, 'fr', 0, 0, ?, ?)`,
      [id, school.schoolId, id, senderId, school.classId, 'Sortie au musée jeudi.', recipients.length, at],
    );
    for (let start = 0; start < recipients.length; start += 400) {
      const slice = recipients.slice(start, start + 400);
      await connection.query('INSERT INTO message_recipient (messageId, personId, role, pupilId) VALUES ?', [slice.map((person) => [id, person, 'guardian', null])]);
      await connection.query('INSERT INTO notification_job (id, messageId, recipientId, channel, status, notBefore, attempts, createdAt) VALUES ?', [
        // 'baseline': the same row, which no worker claims (it would compete with the measured server).
        slice.map((person) => [newId(), id, person, 'email', 'baseline', at, 0, at]),
      ]);
    }
    await connection.commit();
  } finally {
    connection.release();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Benchmarks 5 and 6: accepting a class message (60 guardians; target p99 ≤ 25 ms) and a school
 * announcement to 2,000 guardians (target ≤ 300 ms to accept, every e-mail handed to SMTP within
 * 10 s), each against raw mysql2 inserts of the same rows, measured in this run.
 */
export async function benchMessagingSend(dataSource: DataSource, databaseUrl: string, school: BenchSchool, sink: SmtpSink, count: number): Promise<boolean> {
  const app = await startServerProcess('app-server.ts', {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    ECARNET_HOST: '127.0.0.1',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: 'warn',
    ECARNET_SMTP_URL: sink.url,
    ECARNET_MAIL_FROM: 'bench@example.org',
  });
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4 });
  try {
    const teacher = await benchSession(dataSource, school.teacherId);
    const director = await benchSession(dataSource, school.directorId);
    const classBody = JSON.stringify({ to: { audience: 'class', classId: school.classId }, body: 'Sortie au musée jeudi.' });
    const post = async (headers: Record<string, string>, body: string) => {
      const response = await fetch(`${app.url}/api/v1/messages`, { method: 'POST', headers, body });
      if (response.status !== 201) throw new Error(`send answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { messages: { id: string; recipientCount: number }[] };
    };
    const check = await post(teacher, classBody);
    if (check.messages[0]!.recipientCount !== 60) throw new Error(`the class message reached ${check.messages[0]!.recipientCount} guardians, not 60`);
    const classGuardians = ((await dataSource.query('SELECT personId FROM message_recipient WHERE messageId = ?', [check.messages[0]!.id])) as { personId: string }[]).map(
      (row) => row.personId,
    );

    // Warm-up, then subject and baseline in alternation.
    for (let index = 0; index < 20; index += 1) {
      await post(teacher, classBody);
      await rawSend(pool, school, school.teacherId, classGuardians);
    }
    const subject: number[] = [];
    const baseline: number[] = [];
    for (let index = 0; index < count; index += 1) {
      subject.push(await timed(() => post(teacher, classBody)));
      baseline.push(await timed(() => rawSend(pool, school, school.teacherId, classGuardians)));
    }
    const classP99 = percentile(subject, 99);
    process.stdout.write(
      `\nMessaging: a message to one class (30 children, 60 guardians), accepted over HTTP, one sender at a time, ${count} sends\n` +
        `  e-carnet (HTTP + policy + planner + outbox)  p50 ${percentile(subject, 50).toFixed(1)} ms   p99 ${classP99.toFixed(1)} ms\n` +
        `  raw mysql2 inserts of the same rows         p50 ${percentile(baseline, 50).toFixed(1)} ms   p99 ${percentile(baseline, 99).toFixed(1)} ms\n` +
        `  target p99 ≤ 25 ms — ${classP99 <= 25 ? 'met' : 'NOT met'}\n`,
    );

    // A school announcement to every family, urgent so that its e-mails go now whatever the hour.
    const announcement = JSON.stringify({ to: { audience: 'school', schoolId: school.schoolId }, body: 'Réunion de rentrée', urgent: true });
    const allGuardians = ((await dataSource.query("SELECT DISTINCT guardianId AS id FROM guardianship WHERE schoolId = ?", [school.schoolId])) as { id: string }[]).map((row) => row.id);
    const rawAnnouncement = await timed(() => rawSend(pool, school, school.directorId, allGuardians));
    const started = performance.now();
    const sent = await post(director, announcement);
    const acceptMs = performance.now() - started;
    const messageId = sent.messages[0]!.id;
    const jobIds = ((await dataSource.query('SELECT id FROM notification_job WHERE messageId = ?', [messageId])) as { id: string }[]).map((row) => row.id);
    const host = 'localhost';
    let handed = 0;
    while (performance.now() - started < 30_000) {
      handed = jobIds.filter((id) => sink.received.has(`${id}@${host}`)).length;
      if (handed === jobIds.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const allHandedMs = performance.now() - started;
    const duplicates = jobIds.filter((id) => (sink.received.get(`${id}@${host}`) ?? 0) > 1).length;
    const announcementMet = acceptMs <= 300 && handed === jobIds.length && allHandedMs <= 10_000;
    process.stdout.write(
      `\nMessaging: a school announcement to 1,000 families (${sent.messages[0]!.recipientCount} guardians)\n` +
        `  accepted in ${acceptMs.toFixed(0)} ms (raw mysql2 inserts of the same rows: ${rawAnnouncement.toFixed(0)} ms) — target ≤ 300 ms\n` +
        `  ${handed} of ${jobIds.length} e-mails handed to SMTP ${(allHandedMs / 1000).toFixed(1)} s after the send, ${duplicates} twice — target all within 10 s\n` +
        `  ${announcementMet ? 'met' : 'NOT met'}\n`,
    );
    return classP99 <= 25 && announcementMet;
  } finally {
    await pool.end();
    await stopProcess(app.process);
  }
}
