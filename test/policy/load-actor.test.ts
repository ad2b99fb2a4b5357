import { expect } from 'chai';
import { changeGuardianshipStatus } from '../../src/guardianship/change-status.js';
import { guardianshipKey } from '../../src/policy/actor.js';
import { can } from '../../src/policy/can.js';
import { loadActor } from '../../src/policy/load-actor.js';
import { SchoolMembership } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

const NOW = new Date('2026-11-20T09:00:00.000Z');

describe('loadActor: rights read from the database at the instant of the request', () => {
  it('gives a teacher the classes they teach now, not those they taught before', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const [current, former] = [await school.class(), await school.class()];
    const teacher = await school.teacher([current]);
    const formerTeacher = await school.teacher([former], { endedAt: new Date('2026-09-01T00:00:00Z') });

    const actor = await loadActor(testDataSource(), teacher.id, NOW);
    expect([...actor.taughtClassIds]).to.deep.equal([current.id]);
    expect([...actor.mainTeacherClassIds]).to.deep.equal([current.id]);
    expect(actor.rolesBySchool.get(school.id)).to.deep.equal(new Set(['teacher']));
    expect((await loadActor(testDataSource(), formerTeacher.id, NOW)).taughtClassIds.size).to.equal(0);
  });

  it('drops a role whose membership has ended', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    await testDataSource().getRepository(SchoolMembership).update({ personId: director.id }, { endedAt: new Date('2026-10-01T00:00:00Z') });
    const actor = await loadActor(testDataSource(), director.id, NOW);
    expect(actor.rolesBySchool.size).to.equal(0);
    expect(can(actor, 'view', { kind: 'auditLog', schoolId: school.id })).to.equal(false);
  });

  it('gives nothing for a guardianship that is pending, rejected, not yet in force or ended', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const pending = await school.guardian([child], { approval: 'pending' });
    const rejected = await school.guardian([child], { approval: 'rejected' });
    const future = await school.guardian([child], { effectiveFrom: new Date('2027-01-01T00:00:00Z') });
    const ended = await school.guardian([child], { effectiveTo: new Date('2026-11-01T00:00:00Z') });
    for (const guardian of [pending, rejected, future, ended]) {
      const actor = await loadActor(testDataSource(), guardian.id, NOW);
      expect(actor.guardianships.size, guardian.id).to.equal(0);
      expect(can(actor, 'view', { kind: 'pupil', schoolId: school.id, pupilId: child.id, classIds: [klass.id] })).to.equal(false);
    }
  });

  it('lets the most restrictive of two overlapping links win', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const guardian = await school.guardian([child], { status: 'full' });
    await school.guardian([child], { status: 'noAccess', person: guardian, legalBasis: true });
    const actor = await loadActor(testDataSource(), guardian.id, NOW);
    expect(actor.guardianships.get(guardianshipKey(school.id, child.id))).to.equal('noAccess');
    expect(actor.followedChildClassIds.size).to.equal(0);
  });

  it('lifts an overlapping restriction too when the director restores full authority', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const guardian = await school.guardian([child], { status: 'full' });
    await school.guardian([child], { status: 'noAccess', person: guardian, legalBasis: true });
    const director = await school.director();
    await changeGuardianshipStatus(
      testDataSource(),
      {
        schoolId: school.id,
        childId: child.id,
        guardianId: guardian.id,
        status: 'full',
        legalBasis: { kind: 'courtDecision', reference: 'CA Paris, RG 26/555', date: '2026-11-18' },
        recordedById: director.id,
      },
      NOW,
    );
    const actor = await loadActor(testDataSource(), guardian.id, NOW);
    expect(actor.guardianships.get(guardianshipKey(school.id, child.id))).to.equal('full');
  });

  it('keys guardianships by school: a link recorded by another school opens nothing here', async () => {
    const schoolA = await SchoolFactory.create(testDataSource());
    const schoolB = await SchoolFactory.create(testDataSource());
    const child = await schoolA.pupil(await schoolA.class());
    const parent = await schoolB.guardian([child]);
    const actor = await loadActor(testDataSource(), parent.id, NOW);
    expect(can(actor, 'view', { kind: 'pupil', schoolId: schoolA.id, pupilId: child.id, classIds: [] })).to.equal(false);
    expect(actor.guardianships.has(guardianshipKey(schoolB.id, child.id))).to.equal(true);
  });

  it('applies a restriction to the very next load, with the legal basis and an audit record', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const parent = await school.guardian([child]);
    const director = await school.director();
    const pupil = { kind: 'pupil', schoolId: school.id, pupilId: child.id, classIds: [klass.id] } as const;
    expect(can(await loadActor(testDataSource(), parent.id, NOW), 'view', pupil)).to.equal(true);

    await changeGuardianshipStatus(
      testDataSource(),
      {
        schoolId: school.id,
        childId: child.id,
        guardianId: parent.id,
        status: 'noAccess',
        legalBasis: { kind: 'courtDecision', reference: 'JAF Nantes, RG 26/123', date: '2026-11-19' },
        recordedById: director.id,
      },
      NOW,
    );
    const after = await loadActor(testDataSource(), parent.id, NOW);
    expect(can(after, 'view', pupil)).to.equal(false);
    expect(can(after, 'view', { kind: 'school', schoolId: school.id })).to.equal(false);

    const history = (await testDataSource().query(
      'SELECT status FROM guardianship WHERE guardianId = ? ORDER BY createdAt',
      [parent.id],
    )) as { status: string }[];
    expect(history.map((row) => row.status)).to.deep.equal(['full', 'noAccess']);
    const audit = (await testDataSource().query("SELECT action, detailJson FROM audit_event WHERE schoolId = ?", [school.id])) as {
      action: string;
      detailJson: string;
    }[];
    expect(audit).to.have.length(1);
    expect(audit[0]!.action).to.equal('guardianship.statusChanged');
    expect(JSON.parse(audit[0]!.detailJson)).to.include({ from: 'full', to: 'noAccess', legalBasisKind: 'courtDecision' });
  });

  it('applies a decision dated in the future on its own date', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const parent = await school.guardian([child]);
    const director = await school.director();
    const takesEffect = new Date('2026-12-01T00:00:00.000Z');
    await changeGuardianshipStatus(
      testDataSource(),
      {
        schoolId: school.id,
        childId: child.id,
        guardianId: parent.id,
        status: 'informationOnly',
        legalBasis: { kind: 'courtDecision', reference: 'JAF Lille, RG 26/77', date: '2026-11-18' },
        effectiveFrom: takesEffect,
        recordedById: director.id,
      },
      NOW,
    );
    const key = guardianshipKey(school.id, child.id);
    expect((await loadActor(testDataSource(), parent.id, NOW)).guardianships.get(key)).to.equal('full');
    expect((await loadActor(testDataSource(), parent.id, takesEffect)).guardianships.get(key)).to.equal('informationOnly');
  });

  it('refuses a restriction without the document behind it, and changes nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const parent = await school.guardian([child]);
    const director = await school.director();
    let code: string | undefined;
    try {
      await changeGuardianshipStatus(
        testDataSource(),
        { schoolId: school.id, childId: child.id, guardianId: parent.id, status: 'noAccess', legalBasis: null, recordedById: director.id },
        NOW,
      );
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('VALIDATION_FAILED');
    const rows = (await testDataSource().query('SELECT status FROM guardianship WHERE guardianId = ?', [parent.id])) as unknown[];
    expect(rows).to.have.length(1);
  });
});
