import { expect } from 'chai';
import { newId } from '../../src/model/columns.js';
import { WeeklyReminder } from '../../src/model/weekly-reminder.js';
import { purgeWeeklyReminders } from '../../src/portfolio/weekly-reminders/purge-weekly-reminders.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('portfolio: past weeks’ reminder rows are purged', () => {
  it('deletes the weeks that began more than eight weeks ago, sent or not, and keeps the others', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const teacher = await school.teacher([await school.class()]);
    const row = (weekStart: string, status: 'sent' | 'pending') =>
      Object.assign(new WeeklyReminder(), {
        id: newId(),
        teacherId: teacher.id,
        schoolId: school.id,
        weekStart,
        status,
        notBefore: new Date(`${weekStart}T06:30:00.000Z`),
        attempts: 0,
        lastError: null,
        lockedBy: null,
        lockedUntil: null,
        sentAt: null,
        createdAt: new Date(`${weekStart}T06:00:00.000Z`),
      });
    await testDataSource()
      .getRepository(WeeklyReminder)
      .insert([row('2026-09-21', 'sent'), row('2026-09-28', 'pending'), row('2026-10-05', 'sent'), row('2026-11-23', 'pending')]);

    await purgeWeeklyReminders(testDataSource(), new Date('2026-11-30T12:00:00.000Z'));

    const left = await testDataSource().getRepository(WeeklyReminder).findBy({ teacherId: teacher.id });
    expect(left.map((reminder) => reminder.weekStart).sort()).to.deep.equal(['2026-10-05', '2026-11-23']);
  });
});
