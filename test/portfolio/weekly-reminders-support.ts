import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import supertest from 'supertest';
import { newId, type Person, type SchoolClass } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { scheduleWeeklyReminders } from '../../src/portfolio/weekly-reminders/schedule-weekly-reminders.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { postEntryForm } from './support.js';

let serial = 0;

const FIRST_NAMES = ['Léa', 'Noé', 'Inès', 'Hugo', 'Zoé', 'Lina', 'Tom', 'Jade'];

/**
 * A school (Europe/Paris, default hours 07:30–19:30 on weekdays, `featureEveryDays` 14) where tests
 * make classes of children with first names unique to this world, teachers with addresses of this
 * world only, and entries that feature children, through the teacher's real class page.
 */
export async function reminderWorld(options: { weeklyReminder?: boolean } = {}) {
  serial += 1;
  const tag = `r${serial}${newId().slice(0, 6)}`;
  const settings = defaultSchoolSettings();
  settings.portfolio.weeklyReminder = options.weeklyReminder ?? true;
  const school = await SchoolFactory.create(testDataSource(), { name: `École des Marronniers ${tag}`, settingsJson: JSON.stringify(settings) });
  const test: TestApp = createTestApp();
  const request = supertest(test.app);
  const address = (name: string) => `${name}.${tag}@example.test`;

  /** A class of `size` children, listed (family names in order) as the roster lists them. */
  async function klass(name: string, size: number): Promise<{ klass: SchoolClass; pupils: Person[] }> {
    const created = await school.class(`${name} ${tag}`);
    const pupils: Person[] = [];
    for (let index = 0; index < size; index += 1) {
      pupils.push(await school.pupil(created, { givenName: `${FIRST_NAMES[index % FIRST_NAMES.length]}-${name}${index}-${tag}`, familyName: `Famille${index}` }));
    }
    return { klass: created, pupils };
  }

  /** A teacher of these classes, with an address of this world and a language. */
  async function teacher(name: string, classes: SchoolClass[], language = 'fr'): Promise<Person> {
    const person = await school.teacher(classes);
    await testDataSource().query('UPDATE person SET email = ?, preferredLanguage = ?, givenName = ? WHERE id = ?', [address(name), language, name, person.id]);
    return { ...person, email: address(name), preferredLanguage: language, givenName: name };
  }

  /** The teacher publishes, now, an entry about these children: they are featured. */
  async function feature(by: Person, where: SchoolClass, pupils: readonly Person[]): Promise<void> {
    const session = await test.signIn(by.id);
    const response = await postEntryForm(request, where.id, session, { audience: 'children', pupilIds: pupils.map((pupil) => pupil.id), comment: 'Bravo', when: 'now' });
    expect(response.status, response.text).to.equal(303);
  }

  /** The scan, as the server's housekeeping runs it, at the clock's time. */
  const scan = () => scheduleWeeklyReminders(testDataSource(), test.clock.now());
  return { tag, school, test, request, address, klass, teacher, feature, scan };
}

/** The e-mails that reached an address. */
export function mailsTo(mails: readonly ParsedMail[], address: string): ParsedMail[] {
  return mails.filter((mail) => JSON.stringify(mail.to).includes(address));
}

/** A teacher's reminder rows, oldest week first. */
export async function remindersOf(teacherId: string): Promise<{ id: string; weekStart: string; status: string; attempts: number; notBefore: unknown; lastError: string | null }[]> {
  const rows = (await testDataSource().query('SELECT id, weekStart, status, attempts, notBefore, lastError FROM weekly_reminder WHERE teacherId = ? ORDER BY weekStart', [teacherId])) as {
    id: string;
    weekStart: string;
    status: string;
    attempts: number | string;
    notBefore: unknown;
    lastError: string | null;
  }[];
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}
