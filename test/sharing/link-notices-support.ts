import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import supertest from 'supertest';
import { newId, ShareGrant, type Person } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { createNotificationWorker } from '../../src/notify/start-worker.js';
import { hashShareToken, newShareToken } from '../../src/sharing/share-token.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import type { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, postEntryForm } from '../portfolio/support.js';

let serial = 0;

/**
 * A school with a class of two children, Léa and Noé, each with a guardian (Léa's prefers
 * Arabic), a teacher who posts from the class page, and addresses of this world only.
 */
export async function linkNoticeWorld(options: { personalLinksAllowed?: boolean } = {}) {
  serial += 1;
  const tag = `w${serial}-${newId().slice(0, 8)}`;
  const settings = defaultSchoolSettings();
  settings.sharing.personalLinksAllowed = options.personalLinksAllowed ?? true;
  const school = await SchoolFactory.create(testDataSource(), { name: `École des Tilleuls ${tag}`, settingsJson: JSON.stringify(settings) });
  const families = await classWithFamilies(school, ['class', 'class']);
  const [lea, noe] = families.pupils as [Person, Person];
  await testDataSource().query('UPDATE person SET givenName = ? WHERE id = ?', ['Léa', lea.id]);
  await testDataSource().query('UPDATE person SET givenName = ? WHERE id = ?', ['Noé', noe.id]);
  await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', families.guardians[0]!.id]);
  const test: TestApp = createTestApp();
  const request = supertest(test.app);
  /** The teacher signed in at the clock's time (tests move the clock by days). */
  const teacher = (): Promise<SignedIn> => test.signIn(families.teacher.id);

  /** The teacher posts an entry about one child from the class page, now or for the next slot. */
  async function post(pupil: Person, title: string, comment: string, when: 'now' | 'nextSlot' = 'now'): Promise<string> {
    const response = await postEntryForm(request, families.klass.id, await teacher(), { audience: 'children', pupilIds: pupil.id, title, comment, when });
    expect(response.status, response.text).to.equal(303);
    return response.headers.location!.split('/').at(-1)!;
  }

  /** A personal link as a guardian would have created it, with the holder's address when they opted in. */
  async function link(pupil: Person, values: { email?: string | null; language?: string | null; createdAt?: Date; expiresAt?: Date; revokedAt?: Date | null } = {}) {
    const now = test.clock.now();
    const grant = Object.assign(new ShareGrant(), {
      id: newId(),
      schoolId: school.id,
      pupilId: pupil.id,
      kind: 'link' as const,
      tokenHash: hashShareToken(newShareToken()),
      passwordHash: '$argon2id$not-used-here',
      label: 'Grand-mère',
      language: values.language === undefined ? 'es' : values.language,
      notifyEmail: values.email === undefined ? null : values.email,
      createdById: pupil.id === lea.id ? families.guardians[0]!.id : families.guardians[1]!.id,
      createdAt: values.createdAt ?? new Date(now.getTime() - 24 * 3_600_000),
      expiresAt: values.expiresAt ?? new Date(now.getTime() + 30 * 24 * 3_600_000),
      revokedAt: values.revokedAt ?? null,
      revokedById: null,
    });
    await testDataSource().getRepository(ShareGrant).insert(grant);
    return grant;
  }

  const address = (name: string) => `${name}.${tag}@example.test`;
  return { tag, school, families, lea, noe, test, teacher, request, post, link, address };
}

/** The notification worker as `e-carnet start` builds it, delivering to `smtpUrl`, on the test's clock. */
export function workerFor(smtpUrl: string, clock: TestClock) {
  return createNotificationWorker(testConfig({ ECARNET_SMTP_URL: smtpUrl }), testDataSource(), pino({ level: 'silent' }), clock);
}

/** The e-mails that reached an address. */
export function mailsTo(mails: readonly ParsedMail[], address: string): ParsedMail[] {
  return mails.filter((mail) => JSON.stringify(mail.to).includes(address));
}

/** A link's notices, as the worker left them. */
export async function noticesOf(grantId: string): Promise<{ entryId: string; status: string; attempts: number; notBefore: unknown }[]> {
  const rows = (await testDataSource().query('SELECT entryId, status, attempts, notBefore FROM link_notice WHERE grantId = ? ORDER BY entryId', [grantId])) as {
    entryId: string;
    status: string;
    attempts: number | string;
    notBefore: unknown;
  }[];
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}
