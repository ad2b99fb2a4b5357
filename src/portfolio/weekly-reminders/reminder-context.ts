import type { DataSource } from 'typeorm';
import { pickLanguage, type UiLanguage } from '../../i18n/languages.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import { loadActor } from '../../policy/load-actor.js';
import { rhythmReminders, type RhythmReminder } from '../rhythm-reminders.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** What a teacher's weekly e-mail may say, read just before it is sent. */
export interface WeeklyReminderContext {
  readonly teacherId: string;
  readonly name: string;
  readonly givenName: string;
  readonly email: string | null;
  readonly language: UiLanguage;
  /** The teacher's own choice (notification preferences); on unless they turned it off. */
  readonly wanted: boolean;
  /** One per class they teach now in a school that sends the reminder, by class name. */
  readonly reminders: readonly RhythmReminder[];
}

const readTeacherRow = rowReader({
  givenName: column.text,
  familyName: column.text,
  email: column.nullableText,
  preferredLanguage: column.nullableText,
  weeklyReminder: column.nullableFlag,
});

/**
 * The teacher and their classes as they stand at `now`, or undefined for someone no longer in the
 * directory. The classes and their children come through the teacher's own `Actor` and
 * `rhythmReminders`, so the policy decides what the e-mail may name exactly as it decides what
 * their home page shows: only the children of classes they teach. Classes of a school that
 * switched the reminder off (`portfolio.weeklyReminder`) are left out.
 */
export async function readWeeklyReminderContext(dataSource: DataSource, teacherId: string, now: Date): Promise<WeeklyReminderContext | undefined> {
  const people = await queryRows(dataSource, readTeacherRow, `SELECT p.givenName AS givenName, p.familyName AS familyName, p.email AS email, p.preferredLanguage AS preferredLanguage, n.weeklyReminder AS weeklyReminder
       FROM person p LEFT JOIN notification_preference n ON n.personId = p.id WHERE p.id = ?`,
    [teacherId]);
  const person = people[0];
  if (!person) return undefined;
  const base = {
    teacherId,
    name: `${person.givenName} ${person.familyName}`,
    givenName: person.givenName,
    email: person.email,
    language: pickLanguage([person.preferredLanguage]),
    // No preferences row: the reminder is on.
    wanted: person.weeklyReminder ?? true,
  };
  // Nothing will be sent: no need to read their classes.
  if (!base.wanted || !base.email) return { ...base, reminders: [] };

  const actor = await loadActor(dataSource, teacherId, now);
  const classIds = await classesOfRemindingSchools(dataSource, [...actor.taughtClassIds]);
  return { ...base, reminders: await rhythmReminders(dataSource, actor, classIds, now) };
}

async function classesOfRemindingSchools(dataSource: DataSource, classIds: readonly string[]): Promise<string[]> {
  if (classIds.length === 0) return [];
  const rows = await queryRows(dataSource, rowReader({ id: column.text, settingsJson: column.text }), `SELECT k.id AS id, s.settingsJson AS settingsJson FROM school_class k JOIN school s ON s.id = k.schoolId
      WHERE k.id IN (${classIds.map(() => '?').join(',')}) ORDER BY k.name, k.id`,
    classIds);
  return rows.filter((row) => readSchoolSettings({ settingsJson: row.settingsJson }).portfolio.weeklyReminder).map((row) => row.id);
}
