import { expect } from 'chai';
import { messagingSettingsResponse, sendResponse } from '../../src/messaging/api-schemas.js';
import { readInstant } from '../../src/db/sql-values.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from './api-client.js';
import { createTestApp, messagingSchool, Sessions } from './fixture.js';

/* The school's messaging rules: set by the director, audited, and followed by the next messages. */
describe('messaging: the school’s rules', function () {
  this.timeout(30_000);

  const rules = {
    parentsMayWriteTo: 'anyTeacher',
    notificationHours: { start: '08:00', end: '18:00', days: [1, 2, 4, 5] },
    urgentRoles: ['director', 'teacher'],
    replyWithinHours: 72,
    recallMinutes: 15,
    representativesMayWrite: false,
  };

  it('lets the director set notification hours, urgent roles, reply time and recall delay; the next message follows them', async () => {
    const school = await messagingSchool();
    const sessions = new Sessions(createTestApp());
    const put = await apiAs(sessions, school.director).put(`/schools/${school.factory.id}/messaging-settings`, rules);
    expect(put.status).to.equal(204);
    // Rules left out take their defaults: pupils write to teachers as the kind of school has it (unsaid: no), and their exchanges stay theirs.
    expect(messagingSettingsResponse.parse((await apiAs(sessions, school.teacherA).get(`/schools/${school.factory.id}/messaging-settings`)).body)).to.deep.equal({
      ...rules,
      pupilsMayWrite: false,
      parentsReadPupilMessages: false,
    });
    const audit = (await testDataSource().query("SELECT COUNT(*) AS n FROM audit_event WHERE schoolId = ? AND action = 'school.messagingSettingsChanged'", [school.factory.id])) as {
      n: number | string;
    }[];
    expect(Number(audit[0]!.n)).to.equal(1);

    // Tuesday 19:00 in Paris: Wednesday is no longer a notification day, so Thursday 08:00.
    sessions.testApp.clock.set('2026-11-24T18:00:00.000Z');
    const sent = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body: 'Bonjour' });
    const job = (await testDataSource().query('SELECT notBefore FROM notification_job WHERE messageId = ?', [sendResponse.parse(sent.body).messages[0]!.id])) as { notBefore: unknown }[];
    expect(readInstant(job[0]!.notBefore).toISOString()).to.equal('2026-11-26T07:00:00.000Z');
    // Teachers may now mark urgent.
    const urgent = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body: 'Urgent', urgent: true });
    expect(urgent.status).to.equal(201);
  });

  it('refuses the rules to anyone but the director, and hours that end before they start', async () => {
    const school = await messagingSchool();
    const sessions = new Sessions(createTestApp());
    expect((await apiAs(sessions, school.teacherA).put(`/schools/${school.factory.id}/messaging-settings`, rules)).body.error.code).to.equal('FORBIDDEN');
    expect((await apiAs(sessions, school.mother).put(`/schools/${school.factory.id}/messaging-settings`, rules)).status).to.equal(404);
    const backwards = await apiAs(sessions, school.director).put(`/schools/${school.factory.id}/messaging-settings`, {
      ...rules,
      notificationHours: { start: '19:00', end: '07:00', days: [1] },
    });
    expect(backwards.body.error.fields.map((field: { field: string }) => field.field)).to.deep.equal(['notificationHours.end']);
  });
});
