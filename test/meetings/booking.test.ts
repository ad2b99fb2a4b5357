import { expect } from 'chai';
import ical from 'node-ical';
import request from 'supertest';
import { campaignResponse, meetingResponse } from '../../src/meetings/api-schemas.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, Sessions } from '../messaging/fixture.js';
import { meetingSchool, slotAt, type MeetingSchool } from './fixture.js';

const count = async (sql: string, parameters: unknown[]) => Number(((await testDataSource().query(sql, parameters)) as { n: number | string }[])[0]!.n);

/*
 * Booking a meeting through the JSON API, on the engine under test: a round opened with its
 * slots, invitations following guardianship, parents racing for one slot (the unique live slot
 * lets exactly one through), cancelling and rebooking until the deadline, the teacher moving a
 * meeting, the .ics, the calendar feed, and every bad input refused with its code and nothing written.
 */
describe('meetings: campaigns and booking', function () {
  this.timeout(60_000);
  let school: MeetingSchool;
  let sessions: Sessions;
  let campaignId: string;
  const as = (person: Parameters<typeof apiAs>[1]) => apiAs(sessions, person);
  const slotIds = async (pupilId?: string) => {
    const view = await as(school.teacherA).get(`/meeting-campaigns/${campaignId}${pupilId ? `?pupilId=${pupilId}` : ''}`);
    return campaignResponse.parse(view.body).slots.map((slot) => slot.id);
  };

  before(async () => {
    school = await meetingSchool();
    sessions = new Sessions(createTestApp());
    const opened = await as(school.teacherA).post('/meeting-campaigns', {
      schoolId: school.factory.id,
      title: 'Rencontres du 1er trimestre',
      classId: school.classA.id,
      coHostIds: [school.otherTeacherA.id],
      bookingOpensAt: '2026-11-20T08:00:00Z',
      bookingClosesAt: '2026-11-25T12:00:00Z',
      slots: ['15:30', '15:50', '16:10', '16:30'].map((time) => slotAt(time)),
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    campaignId = opened.body.campaignId as string;
  });

  it('invites the guardians with authority through the messaging outbox, never the one kept away', async () => {
    // Léo: mother and father (each their own message); Inès's parent; six more families. Not Mamie (information only), not the parent kept away.
    expect(await count('SELECT COUNT(*) AS n FROM meeting_invitation WHERE campaignId = ?', [campaignId])).to.equal(9);
    expect(await count('SELECT COUNT(*) AS n FROM meeting_invitation WHERE campaignId = ? AND guardianId IN (?, ?)', [campaignId, school.keptAway.id, school.informed.id])).to.equal(0);
    const jobs = await count(
      `SELECT COUNT(*) AS n FROM meeting_invitation i JOIN notification_job j ON j.messageId = i.messageId AND j.recipientId = i.guardianId WHERE i.campaignId = ?`,
      [campaignId],
    );
    expect(jobs).to.be.greaterThan(0);
    const keptAway = await as(school.keptAway).get(`/meeting-campaigns/${campaignId}?pupilId=${school.leo.id}`);
    expect(keptAway.status).to.equal(404);
    const informed = await as(school.informed).get(`/meeting-campaigns/${campaignId}?pupilId=${school.leo.id}`);
    expect(informed.status).to.equal(404);
  });

  it('lets exactly one of many parents clicking at once have a slot, and tells the others which slots remain', async () => {
    const [first] = await slotIds();
    const parents = [school.inesParent, ...school.moreParents];
    const children = await Promise.all(parents.map(async (parent) => {
      const rows = (await testDataSource().query(`SELECT childId FROM guardianship WHERE guardianId = ? AND schoolId = ?`, [parent.id, school.factory.id])) as { childId: string }[];
      return rows[0]!.childId;
    }));
    const sessionsOf = await Promise.all(parents.map((parent) => sessions.of(parent)));
    const answers = await Promise.all(
      parents.map((_parent, index) =>
        request(sessions.testApp.app)
          .post(`/api/v1/meeting-slots/${first}/bookings`)
          .set('Cookie', sessionsOf[index]!.cookie)
          .set('X-CSRF-Token', sessionsOf[index]!.csrfToken)
          .set('Accept', 'application/json')
          .send({ pupilId: children[index] }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).to.have.length(1);
    expect(statuses.filter((status) => status === 409)).to.have.length(parents.length - 1);
    for (const answer of answers.filter((one) => one.status === 409)) {
      expect(answer.body.error.code).to.equal('MEETING_SLOT_TAKEN');
      const free = (answer.body.freeSlots as { id: string }[]).map((slot) => slot.id);
      expect(free).to.not.include(first);
      expect(free).to.have.length(3);
    }
    expect(await count("SELECT COUNT(*) AS n FROM meeting_booking WHERE slotId = ? AND status = 'booked'", [first])).to.equal(1);
    // Tidy: the winner cancels, so the rest of the suite has every slot.
    const winner = answers.find((answer) => answer.status === 201)!;
    const winnerIndex = answers.indexOf(winner);
    const cancelled = await as(parents[winnerIndex]!).post(`/meetings/${winner.body.bookingId}/cancel`);
    expect(cancelled.status).to.equal(204);
  });

  it('lets separated parents book each their own slot, with an interpreter the teacher sees, and cancel and rebook until the deadline', async () => {
    const [first, second, third] = await slotIds();
    const mother = await as(school.mother).post(`/meeting-slots/${first}/bookings`, { pupilId: school.leo.id, companions: [{ kind: 'interpreter', language: 'ar' }] });
    expect(mother.status, JSON.stringify(mother.body)).to.equal(201);
    const father = await as(school.father).post(`/meeting-slots/${second}/bookings`, { pupilId: school.leo.id });
    expect(father.status).to.equal(201);
    const again = await as(school.mother).post(`/meeting-slots/${third}/bookings`, { pupilId: school.leo.id });
    expect(again.body.error.code).to.equal('MEETING_ALREADY_BOOKED');

    // The father does not see the mother's meeting, nor which slot is hers.
    expect((await as(school.father).get(`/meetings/${mother.body.bookingId}`)).status).to.equal(404);
    const fatherView = campaignResponse.parse((await as(school.father).get(`/meeting-campaigns/${campaignId}?pupilId=${school.leo.id}`)).body);
    expect(fatherView.slots.find((slot) => slot.id === first)).to.include({ state: 'taken', bookingId: null, booked: null });
    expect(fatherView.slots.find((slot) => slot.id === second)!.state).to.equal('mine');

    const teacherView = campaignResponse.parse((await as(school.teacherA).get(`/meeting-campaigns/${campaignId}`)).body);
    expect(teacherView.slots.find((slot) => slot.id === first)!.booked!.companions).to.deep.equal([{ kind: 'interpreter', language: 'ar' }]);

    expect((await as(school.mother).post(`/meetings/${mother.body.bookingId}/cancel`)).status).to.equal(204);
    const rebooked = await as(school.mother).post(`/meeting-slots/${third}/bookings`, { pupilId: school.leo.id, companions: [{ kind: 'interpreter', language: 'ar' }] });
    expect(rebooked.status).to.equal(201);
    // The slot she left is free again for another family.
    expect((await as(school.inesParent).post(`/meeting-slots/${first}/bookings`, { pupilId: school.ines.id })).status).to.equal(201);

    sessions.testApp.clock.set('2026-11-25T12:00:00Z');
    try {
      const late = await as(school.mother).post(`/meetings/${rebooked.body.bookingId}/cancel`);
      expect(late.body.error.code).to.equal('MEETING_BOOKING_CLOSED');
      const lateBooking = await as(school.moreParents[0]!).post(`/meeting-slots/${first}/bookings`, { pupilId: school.leo.id });
      expect(lateBooking.status).to.equal(404);
    } finally {
      sessions.testApp.clock.set('2026-11-20T09:00:00Z');
    }
  });

  it('gives each booked meeting an .ics in the school’s time zone that reads back at the right instant', async () => {
    const booking = ((await testDataSource().query("SELECT id FROM meeting_booking WHERE campaignId = ? AND bookedBy = ? AND status = 'booked'", [campaignId, school.father.id])) as { id: string }[])[0]!;
    const file = await as(school.father).get(`/meetings/${booking.id}/calendar.ics`);
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.match(/^text\/calendar/);
    const text = file.text;
    expect(text).to.include('METHOD:REQUEST').and.to.include('BEGIN:VTIMEZONE').and.to.include('TZID:Europe/Paris').and.to.include('DTSTART;TZID=Europe/Paris:20261126T165000');
    const events = Object.values(ical.sync.parseICS(text)).filter((item) => item?.type === 'VEVENT');
    expect(events).to.have.length(1);
    const event = events[0] as ical.VEvent;
    expect(event.start.toISOString()).to.equal('2026-11-26T15:50:00.000Z');
    expect(event.uid).to.match(new RegExp(`^meeting-${booking.id}@`));
    // The other parent, and a stranger to the child, get nothing.
    expect((await as(school.mother).get(`/meetings/${booking.id}/calendar.ics`)).status).to.equal(404);
    expect((await as(school.zoeParent).get(`/meetings/${booking.id}/calendar.ics`)).status).to.equal(404);
  });

  it('lets the teacher move a meeting: the same UID comes back with the next SEQUENCE', async () => {
    const booking = ((await testDataSource().query("SELECT id FROM meeting_booking WHERE campaignId = ? AND bookedBy = ? AND status = 'booked'", [campaignId, school.father.id])) as { id: string }[])[0]!;
    const free = campaignResponse.parse((await as(school.teacherA).get(`/meeting-campaigns/${campaignId}`)).body).slots.find((slot) => slot.state === 'free')!;
    expect((await as(school.father).post(`/meetings/${booking.id}/move`, { slotId: free.id })).status).to.equal(403);
    expect((await as(school.teacherA).post(`/meetings/${booking.id}/move`, { slotId: free.id })).status).to.equal(204);
    const text = (await as(school.father).get(`/meetings/${booking.id}/calendar.ics`)).text;
    expect(text).to.include('SEQUENCE:1');
    const taken = campaignResponse.parse((await as(school.teacherA).get(`/meeting-campaigns/${campaignId}`)).body).slots.find((slot) => slot.state !== 'free' && slot.bookingId !== booking.id)!;
    const refused = await as(school.teacherA).post(`/meetings/${booking.id}/move`, { slotId: taken.id });
    expect(refused.body.error.code).to.equal('MEETING_SLOT_TAKEN');
    expect(await count('SELECT sequence AS n FROM meeting_booking WHERE id = ?', [booking.id])).to.equal(1);
  });

  it('gives a private calendar feed that a guessed or revoked address cannot open', async () => {
    const issued = await as(school.teacherA).post('/me/calendar-feed');
    expect(issued.status).to.equal(200);
    const path = new URL(issued.body.url as string).pathname;
    const feed = await request(sessions.testApp.app).get(path);
    expect(feed.status).to.equal(200);
    const events = Object.values(ical.sync.parseICS(feed.text)).filter((item) => item?.type === 'VEVENT');
    expect(events.length).to.be.at.least(3);
    expect((await request(sessions.testApp.app).get('/calendar-feeds/guessedTokenThatIsNotThere.ics').set('Accept', 'application/json')).body.error.code).to.equal('MEETING_FEED_INVALID');
    expect(await count('SELECT COUNT(*) AS n FROM calendar_feed WHERE tokenHash = ?', [path.split('/').pop()!.replace('.ics', '')])).to.equal(0);
    const revoked = await as(school.teacherA).post('/me/calendar-feed');
    expect((await request(sessions.testApp.app).get(path)).status).to.equal(404);
    expect((await request(sessions.testApp.app).get(new URL(revoked.body.url as string).pathname)).status).to.equal(200);
  });

  it('refuses bad slots and windows with their codes, writing nothing', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM meeting_campaign WHERE schoolId = ?', [school.factory.id]);
    const base = {
      schoolId: school.factory.id,
      title: 'Rencontre',
      classId: school.classA.id,
      bookingOpensAt: '2026-11-20T08:00:00Z',
      bookingClosesAt: '2026-11-25T12:00:00Z',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ slots: [{ ...slotAt('15:30'), startsAt: '2026-11-19T15:30:00Z' }] }, 'MEETING_SLOT_IN_PAST'],
      // The teacher already offers 15:30–15:50 in the first round.
      [{ slots: [slotAt('15:40')] }, 'MEETING_SLOT_OVERLAP'],
      [{ slots: [slotAt('08:00'), slotAt('08:10')] }, 'MEETING_SLOT_OVERLAP'],
      [{ slots: [slotAt('08:00', 20, { placeKind: 'video', placeDetail: 'http://visio.example.org/salle' })] }, 'MEETING_VIDEO_LINK_NOT_HTTPS'],
      [{ slots: [slotAt('08:00', 20, { placeKind: 'video', placeDetail: 'javascript:alert(1)' })] }, 'MEETING_VIDEO_LINK_NOT_HTTPS'],
      [{ bookingClosesAt: '2026-11-19T12:00:00Z', slots: [slotAt('08:00')] }, 'MEETING_WINDOW_INVALID'],
      [{ coHostIds: [school.mother.id], slots: [slotAt('08:00')] }, 'MEETING_HOST_NOT_ALLOWED'],
    ];
    for (const [change, code] of cases) {
      const answer = await as(school.teacherA).post('/meeting-campaigns', { ...base, ...change });
      expect(answer.body.error?.code, code).to.equal(code);
    }
    // A teacher of another class may not open a round for class A.
    expect((await as(school.teacherB).post('/meeting-campaigns', { ...base, slots: [slotAt('08:00')] })).status).to.equal(403);
    expect(await count('SELECT COUNT(*) AS n FROM meeting_campaign WHERE schoolId = ?', [school.factory.id])).to.equal(before);
  });

  it('keeps the teacher’s private notes from the family, publishes the plan, refuses a guardian kept away', async () => {
    const booking = ((await testDataSource().query("SELECT id FROM meeting_booking WHERE campaignId = ? AND bookedBy = ? AND status = 'booked'", [campaignId, school.mother.id])) as { id: string }[])[0]!;
    const saved = await as(school.teacherA).put(`/meetings/${booking.id}/record`, {
      sharedNotes: 'Léo lit avec plaisir.',
      privateNotes: 'Tension entre les parents.',
      summary: 'Nous avons parlé de la lecture.',
      actions: [
        { owner: 'family', what: 'Lire dix minutes chaque soir', dueOn: '2026-12-18' },
        { owner: 'school', what: 'Prêter des livres de la bibliothèque' },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(204);
    const beforePublish = meetingResponse.parse((await as(school.mother).get(`/meetings/${booking.id}`)).body);
    expect(beforePublish.summary).to.equal(null);
    expect(beforePublish.privateNotes).to.equal(null);
    expect((await as(school.teacherA).post(`/meetings/${booking.id}/publish`, { to: [school.keptAway.id] })).body.error.code).to.equal('MEETING_RECIPIENT_NO_ACCESS');
    expect(await count('SELECT COUNT(*) AS n FROM meeting_record WHERE bookingId = ? AND publishedAt IS NOT NULL', [booking.id])).to.equal(0);
    expect((await as(school.teacherA).post(`/meetings/${booking.id}/publish`, {})).status).to.equal(204);
    const read = await as(school.mother).get(`/meetings/${booking.id}`);
    const view = meetingResponse.parse(read.body);
    expect(view.summary!.text).to.equal('Nous avons parlé de la lecture.');
    expect(view.actions.map((action) => action.owner)).to.deep.equal(['family', 'school']);
    expect(view.privateNotes).to.equal(null);
    expect(read.text).to.not.include('Tension');
    expect(meetingResponse.parse((await as(school.teacherA).get(`/meetings/${booking.id}`)).body).privateNotes).to.equal('Tension entre les parents.');
    expect((await as(school.mother).post(`/meetings/${booking.id}/comment`, { comment: 'Merci, nous lirons chaque soir.' })).status).to.equal(204);
    expect((await as(school.father).post(`/meetings/${booking.id}/comment`, { comment: 'Moi aussi' })).status).to.equal(404);
  });

  it('counts participation per round and class for the director only', async () => {
    const figures = await as(school.director).get(`/schools/${school.factory.id}/meeting-participation`);
    expect(figures.status).to.equal(200);
    const line = (figures.body.lines as { campaignId: string; invited: number; booked: number; neverReached: number; cancelled: number }[]).find((one) => one.campaignId === campaignId)!;
    // Eight children invited: Léo, Inès and six more; Léo (twice, counted once) and Inès booked.
    expect(line).to.include({ invited: 8, booked: 2 });
    expect(line.neverReached + line.cancelled).to.equal(6);
    expect((await as(school.teacherA).get(`/schools/${school.factory.id}/meeting-participation`)).status).to.equal(404);
  });
});
