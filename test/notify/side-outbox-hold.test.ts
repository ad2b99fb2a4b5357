import { expect } from 'chai';
import { newId } from '../../src/model/columns.js';
import { WeeklyReminder } from '../../src/model/weekly-reminder.js';
import { renewHold } from '../../src/notify/side-outbox/settle-rows.js';
import { WEEKLY_REMINDER_TABLE } from '../../src/portfolio/weekly-reminders/claim-weekly-reminders.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

const LOCK_MS = 60_000;
const at = (iso: string) => new Date(iso);

/*
 * A side outbox's worker extends its hold just before sending. If it was slower than its lock and
 * another worker claimed the rows meanwhile, it must learn it then, and not send the e-mail too.
 */
describe('side outboxes: the hold renewed just before sending', () => {
  async function heldReminder(token: string, lockedUntil: Date): Promise<string> {
    const school = await SchoolFactory.create(testDataSource());
    const teacher = await school.teacher([await school.class()]);
    const id = newId();
    await testDataSource()
      .getRepository(WeeklyReminder)
      .insert(
        Object.assign(new WeeklyReminder(), {
          id,
          teacherId: teacher.id,
          schoolId: school.id,
          weekStart: '2026-11-23',
          status: 'pending' as const,
          notBefore: at('2026-11-23T06:30:00.000Z'),
          attempts: 0,
          lastError: null,
          lockedBy: token,
          lockedUntil,
          sentAt: null,
          createdAt: at('2026-11-22T21:00:00.000Z'),
        }),
      );
    return id;
  }

  it('extends the hold of a worker that still has its rows', async () => {
    const token = newId();
    const id = await heldReminder(token, at('2026-11-23T06:31:00.000Z'));
    expect(await renewHold(testDataSource(), WEEKLY_REMINDER_TABLE, token, [id], at('2026-11-23T06:30:30.000Z'), LOCK_MS)).to.equal(true);
    const row = await testDataSource().getRepository(WeeklyReminder).findOneByOrFail({ id });
    expect(row.lockedUntil!.toISOString()).to.equal('2026-11-23T06:31:30.000Z');
  });

  it('tells a worker whose lock ran out that it no longer holds the rows, claimed by another or not', async () => {
    const slow = newId();
    const id = await heldReminder(slow, at('2026-11-23T06:31:00.000Z'));
    // Past its lock, before anyone else claimed: the rows are free, not this worker's.
    expect(await renewHold(testDataSource(), WEEKLY_REMINDER_TABLE, slow, [id], at('2026-11-23T06:31:01.000Z'), LOCK_MS)).to.equal(false);
    // Another worker claims them (as claimDueRows does once the lock has run out).
    const other = newId();
    await testDataSource().getRepository(WeeklyReminder).update({ id }, { lockedBy: other, lockedUntil: at('2026-11-23T06:32:05.000Z') });
    expect(await renewHold(testDataSource(), WEEKLY_REMINDER_TABLE, slow, [id], at('2026-11-23T06:31:10.000Z'), LOCK_MS)).to.equal(false);
    expect(await renewHold(testDataSource(), WEEKLY_REMINDER_TABLE, other, [id], at('2026-11-23T06:31:10.000Z'), LOCK_MS)).to.equal(true);
    expect((await testDataSource().getRepository(WeeklyReminder).findOneByOrFail({ id })).lockedBy).to.equal(other);
  });

  it('holds all the rows of one e-mail or none', async () => {
    const token = newId();
    const kept = await heldReminder(token, at('2026-11-23T06:31:00.000Z'));
    const lost = await heldReminder(newId(), at('2026-11-23T06:31:00.000Z'));
    expect(await renewHold(testDataSource(), WEEKLY_REMINDER_TABLE, token, [kept, lost], at('2026-11-23T06:30:30.000Z'), LOCK_MS)).to.equal(false);
  });
});
