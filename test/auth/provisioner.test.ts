import { expect } from 'chai';
import { provisionIdentity } from '../../src/auth/provisioner.js';
import type { NormalizedIdentity } from '../../src/connectors/contract.js';
import { ExternalIdentity, Guardianship, School, SchoolClass, SchoolMembership, TeachingAssignment, Enrolment } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { loadActor } from '../../src/policy/load-actor.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveDirectoryKey } from '../identity/directory-keys.js';

const NOW = new Date('2026-11-20T09:00:00.000Z');
let serial = 0;

function identity(values: Partial<NormalizedIdentity> = {}): NormalizedIdentity {
  serial += 1;
  return {
    issuer: 'https://idp.example.test',
    subject: `subject-${serial}-${Date.now()}`,
    connectorId: 'test-idp',
    givenName: 'Awa',
    familyName: 'Keita',
    schools: [],
    classes: [],
    children: [],
    ...values,
  };
}

const count = (entity: typeof Guardianship | typeof SchoolMembership | typeof SchoolClass, where: object) =>
  testDataSource().getRepository(entity as typeof Guardianship).countBy(where);

describe('provisioner: what identity sources say becomes people, roles and links', () => {
  it('creates a person on first sign-in and finds the same one afterwards, updating names', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const first = identity({ schools: [{ school: { uai: school.school.uai }, roles: ['teacher'] }] });
    const created = await provisionIdentity(testDataSource(), first, NOW);
    expect(created.created).to.equal(true);
    const again = await provisionIdentity(testDataSource(), { ...first, familyName: 'Keïta' }, NOW);
    expect(again).to.deep.include({ personId: created.personId, created: false });
    const person = await testDataSource().query('SELECT familyName FROM person WHERE id = ?', [created.personId]);
    expect(person).to.deep.equal([{ familyName: 'Keïta' }]);
    expect(await testDataSource().getRepository(ExternalIdentity).countBy({ personId: created.personId })).to.equal(1);
    expect(await count(SchoolMembership, { personId: created.personId, schoolId: school.id, role: 'teacher' })).to.equal(1);
  });

  it('ignores schools e-carnet does not host', async () => {
    const result = await provisionIdentity(testDataSource(), identity({ schools: [{ school: { uai: '0000000A' }, roles: ['director'] }] }), NOW);
    expect(await count(SchoolMembership, { personId: result.personId })).to.equal(0);
  });

  it('creates a class named by the source once, and enrols or assigns without duplicates', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const claim = { school: { schoolId: school.id }, externalRef: 'ent-class-42', name: 'CM1 B' };
    const teacher = identity({ classes: [{ ...claim, as: 'teacher', isMainTeacher: true }] });
    const pupil = identity({ classes: [{ ...claim, as: 'pupil' }] });
    const t = await provisionIdentity(testDataSource(), teacher, NOW);
    await provisionIdentity(testDataSource(), teacher, NOW);
    const p = await provisionIdentity(testDataSource(), pupil, NOW);
    await provisionIdentity(testDataSource(), pupil, NOW);
    expect(await count(SchoolClass, { schoolId: school.id, externalRef: 'ent-class-42' })).to.equal(1);
    expect(await testDataSource().getRepository(TeachingAssignment).countBy({ teacherId: t.personId })).to.equal(1);
    expect(await testDataSource().getRepository(Enrolment).countBy({ pupilId: p.personId })).to.equal(1);
    const actor = await loadActor(testDataSource(), t.personId, NOW);
    expect(actor.mainTeacherClassIds.size).to.equal(1);
  });

  it('links an authoritative child at once, and leaves a proposed one pending (no access) until the school confirms', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class(), { givenName: 'Léa-Marie', familyName: 'Dupré', birthDate: '2019-03-04' });
    await giveDirectoryKey(child, 'ELV-LEA', school, 'pupil');
    const byKey = { school: { uai: school.school.uai }, externalRef: 'ELV-LEA' };

    const ent = await provisionIdentity(testDataSource(), identity({ children: [{ ...byKey, trust: 'authoritative' }] }), NOW);
    expect(ent).to.deep.include({ linkedChildren: 1, pendingChildren: 0 });
    const vector = await provisionIdentity(testDataSource(), identity({ children: [{ ...byKey, trust: 'proposed' }] }), NOW);
    expect(vector).to.deep.include({ linkedChildren: 0, pendingChildren: 1 });

    const pending = await loadActor(testDataSource(), vector.personId, NOW);
    expect(pending.guardianships.size).to.equal(0);
    const rows = await testDataSource().getRepository(Guardianship).findBy({ childId: child.id });
    expect(rows.map((row) => row.approval).sort()).to.deep.equal(['approved', 'pending']);
  });

  it('trusts proposed links when the school has chosen to', async () => {
    const settings = defaultSchoolSettings();
    const school = await SchoolFactory.create(testDataSource(), {
      settingsJson: JSON.stringify({ ...settings, identity: { trustEduConnectLinks: true } }),
    });
    const child = await school.pupil(await school.class(), { givenName: 'Noé', familyName: 'Martin' });
    await giveDirectoryKey(child, 'ELV-NOE', school, 'pupil');
    const result = await provisionIdentity(
      testDataSource(),
      identity({ children: [{ school: { uai: school.school.uai }, externalRef: 'ELV-NOE', trust: 'proposed' }] }),
      NOW,
    );
    expect(result.linkedChildren).to.equal(1);
  });

  it('never lifts a restriction: an existing no-access link stays as it is, whatever the source claims', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const source = identity();
    const first = await provisionIdentity(testDataSource(), source, NOW);
    const person = await testDataSource().query('SELECT id FROM person WHERE id = ?', [first.personId]);
    expect(person).to.have.length(1);
    await school.guardian([child], { status: 'noAccess', legalBasis: true, person: await testDataSource().getRepository('Person').findOneByOrFail({ id: first.personId }) as never });

    const claim = { school: { schoolId: school.id }, givenName: child.givenName, familyName: child.familyName, trust: 'authoritative' as const };
    const result = await provisionIdentity(testDataSource(), { ...source, children: [claim] }, NOW);
    expect(result).to.deep.include({ linkedChildren: 0, untouchedChildren: 1 });
    const rows = await testDataSource().getRepository(Guardianship).findBy({ childId: child.id, guardianId: first.personId });
    expect(rows.map((row) => row.status)).to.deep.equal(['noAccess']);
  });

  it('creates no child and guesses nothing: unknown or ambiguous children stay unmatched', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    await school.pupil(klass, { givenName: 'Lou', familyName: 'Bernard' });
    await school.pupil(klass, { givenName: 'Lou', familyName: 'Bernard' });
    const other = await SchoolFactory.create(testDataSource());
    const elsewhere = await other.pupil(await other.class(), { givenName: 'Tim', familyName: 'Roy' });
    const before = Number(((await testDataSource().query('SELECT COUNT(*) AS n FROM person')) as { n: number }[])[0]!.n);
    const result = await provisionIdentity(
      testDataSource(),
      identity({
        children: [
          { school: { schoolId: school.id }, givenName: 'Lou', familyName: 'Bernard', trust: 'authoritative' },
          { school: { schoolId: school.id }, givenName: 'Nobody', familyName: 'Here', trust: 'authoritative' },
          { school: { schoolId: school.id }, givenName: elsewhere.givenName, familyName: elsewhere.familyName, trust: 'authoritative' },
        ],
      }),
      NOW,
    );
    expect(result).to.deep.include({ linkedChildren: 0, unmatchedChildren: 3 });
    const after = Number(((await testDataSource().query('SELECT COUNT(*) AS n FROM person')) as { n: number }[])[0]!.n);
    expect(after).to.equal(before + 1); // the guardian only
  });

  it('finds a child by their own account at the same issuer', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const pupil = await provisionIdentity(testDataSource(), identity({ subject: 'pupil-777', classes: [{ school: { schoolId: school.id }, externalRef: 'c1', as: 'pupil' }] }), NOW);
    const parent = await provisionIdentity(
      testDataSource(),
      identity({ children: [{ school: { schoolId: school.id }, subject: 'pupil-777', trust: 'authoritative' }] }),
      NOW,
    );
    expect(parent.linkedChildren).to.equal(1);
    const actor = await loadActor(testDataSource(), parent.personId, NOW);
    expect([...actor.guardianships.keys()]).to.deep.equal([`${school.id}/${pupil.personId}`]);
    expect(klass.id).to.be.a('string');
  });

  it('copes with two first sign-ins of the same person at once', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const same = identity({ schools: [{ school: { schoolId: school.id }, roles: ['parent'] }] });
    const [a, b] = await Promise.all([provisionIdentity(testDataSource(), same, NOW), provisionIdentity(testDataSource(), same, NOW)]);
    expect(a.personId).to.equal(b.personId);
    expect(await testDataSource().getRepository(School).countBy({ id: school.id })).to.equal(1);
  });
});
