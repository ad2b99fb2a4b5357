import { expect } from 'chai';
import supertest from 'supertest';
import { IsNull } from 'typeorm';
import { AuditEvent } from '../../src/model/audit-event.js';
import { ShareGrant } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { printClassSheets, shareCookieOf, sharedClass, sharePath } from '../sharing/support.js';
import { operatorCommand } from './support.js';

/*
 * The incident procedure's levers, as an operator pulls them on the server: everyone of a school
 * signed out, one person signed out everywhere, a class's QR codes revoked (a lost sheet). Each
 * ends exactly what it names, at once, is audited, and is harmless pulled twice.
 */
describe('operator commands: the incident levers', () => {
  let test: TestApp;

  before(() => {
    test = createTestApp();
  });

  const signedIn = async (cookie: string) => (await supertest(test.app).get('/api/v1/me').set('Cookie', cookie)).status;

  it('signs out everyone of a school, and nobody of another school', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const other = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const [director, parent, outsider] = await Promise.all([school.director(), school.guardian([child]), other.director()]);
    const sessions = await Promise.all([director, parent, outsider].map((person) => test.signIn(person.id)));
    const elsewhere = await test.signIn(director.id);

    const result = await operatorCommand(['sessions:revoke', '--school', school.school.uai]);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.equal('3 session(s) ended\n');
    expect(await signedIn(sessions[0]!.cookie)).to.equal(401);
    expect(await signedIn(sessions[1]!.cookie)).to.equal(401);
    expect(await signedIn(elsewhere.cookie)).to.equal(401);
    expect(await signedIn(sessions[2]!.cookie), 'another school’s director').to.equal(200);
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: school.school.id, action: 'operator.schoolSessionsRevoked' });
    expect(JSON.parse(audit.detailJson)).to.deep.equal({ by: 'cli', sessions: 3 });
    expect((await operatorCommand(['sessions:revoke', '--school', school.school.uai])).out).to.equal('0 session(s) ended\n');
  });

  it('signs one person out everywhere, and refuses an unknown person or a command naming both or neither', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const [taken, colleague] = await Promise.all([school.director(), school.teacher([])]);
    const [phone, laptop, other] = await Promise.all([test.signIn(taken.id), test.signIn(taken.id), test.signIn(colleague.id)]);

    const result = await operatorCommand(['sessions:revoke', '--person', taken.id]);
    expect(result.out).to.equal('2 session(s) ended\n');
    expect([await signedIn(phone.cookie), await signedIn(laptop.cookie), await signedIn(other.cookie)]).to.deep.equal([401, 401, 200]);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ subjectId: taken.id, action: 'operator.personSessionsRevoked' })).to.equal(1);

    const unknown = await operatorCommand(['sessions:revoke', '--person', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.match(/^error: NOT_FOUND: /);
    expect((await operatorCommand(['sessions:revoke'])).code).to.equal(2);
    expect((await operatorCommand(['sessions:revoke', '--school', school.school.uai, '--person', taken.id])).code).to.equal(2);
  });

  it('revokes a class’s QR codes: a phone that scanned one loses the portfolio at its next request', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const world = await sharedClass(test, school);
    const pages = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const opened = await world.request.get(sharePath(pages[0]!.codes[0]!));
    const viewer = shareCookieOf(opened);
    expect((await world.request.get('/shared').set('Cookie', viewer)).status).to.equal(200);

    const result = await operatorCommand(['qr:revoke', world.families.klass.id]);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.equal(`${pages.length} QR code(s) revoked, 1 viewer session(s) ended\n`);
    expect((await world.request.get('/shared').set('Cookie', viewer)).status).to.not.equal(200);
    expect((await world.request.get(sharePath(pages[1]!.codes[0]!))).status).to.not.equal(303);
    const inForce = await testDataSource().getRepository(ShareGrant).countBy({ schoolId: school.school.id, kind: 'qr', revokedAt: IsNull() });
    expect(inForce).to.equal(0);
    expect((await operatorCommand(['qr:revoke', world.families.klass.id])).out).to.equal('0 QR code(s) revoked, 0 viewer session(s) ended\n');
  });
});
