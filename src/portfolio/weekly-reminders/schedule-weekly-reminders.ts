import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { sqlInstant } from '../../db/sql-values.js';
import { newId } from '../../model/columns.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import { WeeklyReminder } from '../../model/weekly-reminder.js';
import { planDelivery } from '../../notify/plan-delivery.js';
import { reminderWeek, type ReminderWeek } from './reminder-week.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

interface TeacherRow {
  teacherId: string;
  schoolId: string;
  timezone: string;
  settingsJson: string;
}

/*
 * Every teacher with a class in force, once, with one school whose time zone and hours their
 * reminder follows: a teacher of two schools gets one e-mail, and the lowest school id is a
 * choice every scan makes alike, so two scans compute the same week for them.
 */
const TEACHERS_SQL = `
SELECT x.teacherId AS teacherId, s.id AS schoolId, s.timezone AS timezone, s.settingsJson AS settingsJson
  FROM (SELECT t.teacherId AS teacherId, MIN(t.schoolId) AS schoolId
          FROM teaching_assignment t
         WHERE t.startedAt <= ? AND (t.endedAt IS NULL OR t.endedAt > ?)
         GROUP BY t.teacherId) x
  JOIN school s ON s.id = x.schoolId`;

/**
 * Writes this week's `weekly_reminder` row for every teacher with a class in force who has none
 * yet, due at the week's first opening of the school's notification hours (or now, when that has
 * passed). Whether anything is said — the teacher or the school turned it off, every class is up
 * to date — is decided when sending, from what holds then. Safe to run often, from several
 * processes at once: a row another scan wrote first is skipped on the unique (teacher, week)
 * index. Returns how many rows it wrote.
 */
export async function scheduleWeeklyReminders(dataSource: DataSource, now: Date): Promise<number> {
  const at = sqlInstant(now);
  const teachers = (await dataSource.query(TEACHERS_SQL, [at, at])) as TeacherRow[];
  if (teachers.length === 0) return 0;
  const weeks = new Map<string, ReminderWeek>();
  const weekOf = (row: TeacherRow): ReminderWeek => {
    let week = weeks.get(row.schoolId);
    if (!week) {
      const hours = readSchoolSettings({ settingsJson: row.settingsJson }).messaging.notificationHours;
      const found = reminderWeek(now, row.timezone, hours);
      // Written late in its week (a new teacher, a server that was down): as soon as the hours allow.
      const late = found.sendAt.getTime() <= now.getTime();
      week = late ? { ...found, sendAt: planDelivery({ now, timeZone: row.timezone, school: hours, personal: null, urgent: false }) } : found;
      weeks.set(row.schoolId, week);
    }
    return week;
  };
  const wanted = teachers.map((row) => ({ row, week: weekOf(row) }));
  const weekStarts = [...new Set(wanted.map(({ week }) => week.weekStart))];
  const existing = await queryRows(dataSource, rowReader({ teacherId: column.text, weekStart: column.text }), `SELECT teacherId, weekStart FROM weekly_reminder WHERE weekStart IN (${weekStarts.map(() => '?').join(',')})`, weekStarts);
  const written = new Set(existing.map((row) => `${row.teacherId}/${row.weekStart}`));

  let scheduled = 0;
  for (const { row, week } of wanted) {
    if (written.has(`${row.teacherId}/${week.weekStart}`)) continue;
    const reminder: WeeklyReminder = Object.assign(new WeeklyReminder(), {
      id: newId(),
      teacherId: row.teacherId,
      schoolId: row.schoolId,
      weekStart: week.weekStart,
      status: 'pending',
      notBefore: week.sendAt,
      attempts: 0,
      lastError: null,
      lockedBy: null,
      lockedUntil: null,
      sentAt: null,
      createdAt: now,
    });
    try {
      await dataSource.getRepository(WeeklyReminder).insert(reminder);
      scheduled += 1;
    } catch (error) {
      // Another scan wrote this teacher's week first: that row stands, this one is not needed.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return scheduled;
}
