import { expect } from 'chai';
import { AuditEvent } from '../../src/model/audit-event.js';
import { School } from '../../src/model/school.js';
import { SchoolMembership } from '../../src/model/school-membership.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { freshUai } from './support.js';
import { codeOf, OPERATOR, OperatorTestApp, type Browser } from './support-pages.js';

/*
 * The operator pages: reached only by a configured operator's session, counts but never a
 * child's data, every action audited; and an operator's session refused on every child's page.
 */
describe('operator pages', () => {
  let school: SchoolFactory;
  let tool: OperatorTestApp;
  let operator: Browser;

  beforeEach(async () => {
    school = await SchoolFactory.create(testDataSource(), { name: 'École des Opérations' });
    tool = OperatorTestApp.create([school.school.uai]);
    operator = await tool.operatorSession();
  });

  it('are refused to anyone the configuration does not name, with OPERATOR_REQUIRED', async () => {
    const director = await tool.session((await school.director()).id, 'cas:ent-0');
    const refused = await tool.get(director, '/operator', true);
    expect(refused.status).to.equal(403);
    expect(codeOf(refused)).to.equal('OPERATOR_REQUIRED');
    expect(codeOf(await tool.post(director, '/operator/schools', { uai: freshUai(), name: 'X', kind: 'ecole' }, true))).to.equal('OPERATOR_REQUIRED');
    const anonymous = await tool.get(null, '/operator');
    expect(anonymous.status).to.equal(303);
    expect(anonymous.headers.location).to.match(/\/sign-in\?next=%2Foperator/);
    // An operator session whose entry was removed from the configuration is an operator no more.
    const removed = OperatorTestApp.create([school.school.uai], []);
    const stale = await removed.session(operator.personId, 'cas:operators', OPERATOR);
    expect(codeOf(await removed.get(stale, '/operator', true))).to.equal('OPERATOR_REQUIRED');
  });

  it('show schools with counts, directors, ENTs and health, never a child', async () => {
    const klass = await school.class('CM1 Opérations');
    await school.pupil(klass, { givenName: 'Zélie', familyName: 'Secrète' });
    const director = await school.person({ givenName: 'Hélène', familyName: 'Directrice' });
    await school.member(director, 'director');
    const page = await tool.get(operator, '/operator');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('École des Opérations');
    expect(page.text).to.include('Hélène Directrice');
    expect(page.text).to.include('1 classes, 1 élèves');
    expect(page.text).to.include('État du service');
    const detail = await tool.get(operator, `/operator/schools/${school.id}`);
    expect(detail.status).to.equal(200);
    for (const html of [page.text, detail.text]) {
      expect(html).not.to.include('Zélie');
      expect(html).not.to.include('Secrète');
      expect(html).not.to.include('CM1 Opérations');
    }
  });

  it("refuse an operator's session on a child's page and anywhere outside the operator pages", async () => {
    const klass = await school.class();
    const pupil = await school.pupil(klass);
    const child = await tool.get(operator, `/pupils/${pupil.id}`, true);
    expect(child.status).to.equal(403);
    expect(codeOf(child)).to.equal('OPERATOR_NO_CHILD_DATA');
    expect(codeOf(await tool.get(operator, `/api/v1/children/${pupil.id}/timeline`, true))).to.equal('OPERATOR_NO_CHILD_DATA');
    const home = await tool.get(operator, '/home');
    expect(home.status).to.equal(303);
    expect(home.headers.location).to.equal('/operator');
  });

  it('create a school, audited with the operator, and refuse a wrong check letter or a taken UAI', async () => {
    const uai = freshUai();
    const created = await tool.post(operator, '/operator/schools', { uai, name: 'Lycée Nouveau', kind: 'lycee', timezone: 'Pacific/Noumea', cycles: '' });
    expect(created.status).to.equal(303);
    expect(created.headers.location).to.equal(`/operator?created=${uai}`);
    const row = await testDataSource().getRepository(School).findOneByOrFail({ uai });
    expect(row).to.include({ kind: 'lycee', timezone: 'Pacific/Noumea' });
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: row.id, action: 'operator.schoolCreated' });
    expect(audit.actorId).to.equal(operator.personId);
    expect(JSON.parse(audit.detailJson)).to.include({ by: OPERATOR.name });

    const before = await testDataSource().getRepository(School).count();
    const wrong = await tool.post(operator, '/operator/schools', { uai: `${freshUai().slice(0, 7)}I`, name: 'École Fausse', kind: 'ecole' });
    expect(wrong.status).to.equal(400);
    expect(wrong.text).to.include('SCHOOL_UAI_CHECK_LETTER_WRONG');
    expect(wrong.text).to.include('value="École Fausse"');
    const taken = await tool.post(operator, '/operator/schools', { uai, name: 'Lycée Doublon', kind: 'lycee' }, true);
    expect(taken.status).to.equal(409);
    expect(codeOf(taken)).to.equal('SCHOOL_UAI_TAKEN');
    const zone = await tool.post(operator, '/operator/schools', { uai: freshUai(), name: 'École du Vide', kind: 'ecole', timezone: 'Europe/Atlantis' }, true);
    expect(codeOf(zone)).to.equal('SCHOOL_TIMEZONE_UNKNOWN');
    expect(await testDataSource().getRepository(School).count()).to.equal(before);
  });

  it("deactivate a school: its members' sessions and sign-ins are refused until it is reactivated", async () => {
    const teacher = await school.teacher([await school.class()]);
    const session = await tool.session(teacher.id, 'cas:ent-0');
    expect((await tool.get(session, '/home')).status).to.equal(200);

    expect((await tool.post(operator, `/operator/schools/${school.id}/deactivate`)).status).to.equal(303);
    const refused = await tool.get(session, '/home', true);
    expect(refused.status).to.equal(403);
    expect(codeOf(refused)).to.equal('SCHOOL_DEACTIVATED');
    expect((await tool.get(session, '/home')).text).to.include('SCHOOL_DEACTIVATED');
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: school.id, action: 'operator.schoolDeactivated' });
    expect(audit.actorId).to.equal(operator.personId);
    expect((await tool.get(operator, `/operator/schools/${school.id}`)).text).to.include('Désactivé');

    expect((await tool.post(operator, `/operator/schools/${school.id}/reactivate`)).status).to.equal(303);
    expect((await tool.get(session, '/home')).status).to.equal(200);
  });

  it('remove a director from the school page, audited', async () => {
    const director = await school.director();
    const removed = await tool.post(operator, `/operator/schools/${school.id}/leaders/${director.id}/remove`, { role: 'director' });
    expect(removed.status).to.equal(303);
    const membership = await testDataSource().getRepository(SchoolMembership).findOneByOrFail({ schoolId: school.id, personId: director.id, role: 'director' });
    expect(membership.endedAt).to.be.instanceOf(Date);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ schoolId: school.id, action: 'appointment.roleRemoved', actorId: operator.personId })).to.equal(1);
    const again = await tool.post(operator, `/operator/schools/${school.id}/leaders/${director.id}/remove`, { role: 'director' }, true);
    expect(codeOf(again)).to.equal('SCHOOL_MEMBER_NOT_FOUND');
  });
});
