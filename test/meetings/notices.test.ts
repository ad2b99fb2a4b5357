import { expect } from 'chai';
import ical from 'node-ical';
import pino from 'pino';
import { createTranslator } from '../../src/i18n/translator.js';
import { MeetingNoticeSender } from '../../src/meetings/notices/meeting-notice-sender.js';
import type { ChannelSender, Delivery } from '../../src/notify/channels/channel.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, Sessions } from '../messaging/fixture.js';
import { meetingSchool, slotAt, type MeetingSchool } from './fixture.js';

interface NoticeRow {
  recipientId: string;
  event: string;
  status: string;
  notBefore: Date | string;
}

const instant = (value: Date | string) => new Date(typeof value === 'string' && !value.endsWith('Z') ? `${value.replace(' ', 'T')}Z` : value).toISOString();

/*
 * The meeting e-mails: written with the booking, within the school's notification hours; the
 * reminder the day before; sent with the calendar attachment; a reminder of a meeting cancelled
 * since is dropped rather than sent.
 */
describe('meetings: confirmation and reminder e-mails through the outbox', function () {
  this.timeout(60_000);
  let school: MeetingSchool;
  let sessions: Sessions;
  const deliveries: Delivery[] = [];
  const email: ChannelSender = { deliver: async (delivery) => void deliveries.push(delivery) };
  const as = (person: Parameters<typeof apiAs>[1]) => apiAs(sessions, person);
  const notices = async (bookingId: string) =>
    ((await testDataSource().query('SELECT recipientId, event, status, notBefore FROM meeting_notice WHERE bookingId = ? ORDER BY event, recipientId', [bookingId])) as NoticeRow[]);

  before(async () => {
    school = await meetingSchool(0);
    sessions = new Sessions(createTestApp());
  });

  it('plans confirmations inside the school’s hours and the reminder the day before, and sends them with the .ics', async () => {
    const clock = sessions.testApp.clock;
    clock.set('2026-11-20T09:00:00Z');
    const opened = await as(school.teacherA).post('/meeting-campaigns', {
      schoolId: school.factory.id,
      title: 'Rencontres',
      classId: school.classA.id,
      bookingOpensAt: '2026-11-20T08:00:00Z',
      bookingClosesAt: '2026-11-25T12:00:00Z',
      slots: [slotAt('15:30'), slotAt('15:50')],
    });
    expect(opened.status).to.equal(201);
    const slots = ((await testDataSource().query('SELECT id FROM meeting_slot WHERE campaignId = ? ORDER BY startsAt', [opened.body.campaignId])) as { id: string }[]).map((row) => row.id);

    const mother = await as(school.mother).post(`/meeting-slots/${slots[0]}/bookings`, { pupilId: school.leo.id });
    const motherNotices = await notices(mother.body.bookingId as string);
    expect(motherNotices.map((row) => `${row.event}:${row.recipientId === school.mother.id ? 'mother' : 'host'}:${instant(row.notBefore)}`)).to.have.members([
      `confirmed:mother:2026-11-20T09:00:00.000Z`,
      `confirmed:host:2026-11-20T09:00:00.000Z`,
      // Wednesday 16:30 in Paris, inside the school's hours: the day before.
      `reminder:mother:2026-11-25T15:30:00.000Z`,
    ]);

    // Booked on Friday at 21:00 in Paris: told on Monday at 07:30, not during the weekend.
    clock.set('2026-11-20T20:00:00Z');
    const father = await as(school.father).post(`/meeting-slots/${slots[1]}/bookings`, { pupilId: school.leo.id });
    const fatherConfirmation = (await notices(father.body.bookingId as string)).find((row) => row.event === 'confirmed' && row.recipientId === school.father.id)!;
    expect(instant(fatherConfirmation.notBefore)).to.equal('2026-11-23T06:30:00.000Z');

    const sender = new MeetingNoticeSender({ dataSource: testDataSource(), clock, logger: pino({ level: 'silent' }), translator: createTranslator(), email, baseUrl: 'https://ecarnet.example.org' });
    const drain = async () => {
      while ((await sender.runOnce()) > 0);
    };
    await drain();
    const toMother = deliveries.filter((delivery) => delivery.recipient.personId === school.mother.id);
    expect(toMother).to.have.length(1);
    const calendar = toMother[0]!.attachments![0]!;
    expect(calendar.contentType).to.include('method=REQUEST');
    const event = Object.values(ical.sync.parseICS(calendar.content)).find((item) => item?.type === 'VEVENT') as ical.VEvent;
    expect(event.start.toISOString()).to.equal('2026-11-26T15:30:00.000Z');
    // Not yet Monday morning: nothing for the father.
    expect(deliveries.filter((delivery) => delivery.recipient.personId === school.father.id)).to.have.length(0);

    // Monday: the father is told, then cancels; Wednesday: only the mother's reminder goes.
    clock.set('2026-11-23T07:00:00Z');
    await drain();
    expect(deliveries.filter((delivery) => delivery.recipient.personId === school.father.id)).to.have.length(1);
    expect((await as(school.father).post(`/meetings/${father.body.bookingId}/cancel`)).status).to.equal(204);
    await drain();
    const cancellation = deliveries.filter((delivery) => delivery.recipient.personId === school.father.id)[1]!;
    expect(cancellation.attachments![0]!.content).to.include('METHOD:CANCEL').and.to.include('SEQUENCE:1');
    clock.set('2026-11-25T15:51:00Z');
    await drain();
    expect(deliveries.filter((delivery) => delivery.recipient.personId === school.mother.id).map((delivery) => delivery.title)).to.have.length(2);
    expect(deliveries.filter((delivery) => delivery.recipient.personId === school.father.id)).to.have.length(2);
    const fatherReminder = (await notices(father.body.bookingId as string)).find((row) => row.event === 'reminder')!;
    expect(fatherReminder.status).to.equal('cancelled');
  });
});
