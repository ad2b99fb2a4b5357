import { expect } from 'chai';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../src/db/sql-values.js';
import { newId } from '../../src/model/columns.js';
import { AuditEvent, Enrolment, HttpSession, Person, PortfolioAccess, RetentionHold, SchoolMembership, TeachingAssignment, TranslationCacheEntry } from '../../src/model/index.js';
import { takeLease } from '../../src/retention/lease.js';
import { runRetention, type RetentionDeps } from '../../src/retention/run-retention.js';
import { metricsRegistry } from '../../src/metrics/metrics.js';
import { BACKENDS, type StorageUnderTest } from '../media/backends.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { RetentionFixture } from './support.js';

const logger = pino({ level: 'silent' });
/** The last school day of 2026-2027: the children who leave, leave then. */
const LEFT_AT = new Date('2027-07-04T15:00:00.000Z');

async function count(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const rows = (await dataSource.query(sql, parameters)) as { n: unknown }[];
  return Number(rows[0]?.n ?? 0);
}

async function deletedMetric(kind: string): Promise<number> {
  const metric = (await metricsRegistry.getSingleMetric('ecarnet_retention_deleted_total')?.get())?.values.find((value) => value.labels.kind === kind);
  return metric?.value ?? 0;
}

for (const backend of BACKENDS) {
  describe(`retention job, with the clock moved across the delays: ${backend.name}`, function () {
    this.timeout(60_000);
    let under: StorageUnderTest;
    beforeEach(async () => {
      under = await backend.start();
    });
    afterEach(async () => {
      await under.stop();
    });

    it('deletes each kind of data exactly when its delay ends, rows and stored files, and keeps what another school or child still needs', async () => {
      const dataSource = testDataSource();
      const clock = new TestClock('2027-07-10T08:00:00.000Z');
      const deps: RetentionDeps = { dataSource, storage: under.storage, logger, clock };
      const fixture = new RetentionFixture(dataSource, under.storage);
      const school = await SchoolFactory.create(dataSource);
      const otherSchool = await SchoolFactory.create(dataSource);
      // Other suites' schools share this database (the demo school among them): they are left alone.
      const run = () => runRetention(deps, { schoolIds: [school.id, otherSchool.id] });
      const klass = await school.class();
      const teacher = await school.teacher([klass]);
      const director = await school.director();
      const lea = await school.pupil(klass, { email: null });
      const tom = await school.pupil(klass);
      const hugo = await school.pupil(klass);
      await dataSource.getRepository(Enrolment).update({ pupilId: lea.id }, { endedAt: LEFT_AT });
      await dataSource.getRepository(Enrolment).update({ pupilId: hugo.id }, { endedAt: LEFT_AT });
      const mother = await school.guardian([lea], { person: await school.person({ email: 'mere@example.org' }) });
      // Léa's father also has Tom, still at school: he stays.
      const father = await school.guardian([lea, tom]);
      const hugosMother = await school.guardian([hugo]);
      await dataSource.getRepository(RetentionHold).insert({ id: newId(), schoolId: school.id, pupilId: hugo.id, reason: 'Réquisition judiciaire', placedById: director.id, placedAt: LEFT_AT, releasedById: null, releasedAt: null });
      // A teacher who left (only here), and one who left here but teaches in another school.
      const leavingTeacher = await school.teacher([klass], { endedAt: LEFT_AT });
      const movingTeacher = await school.teacher([klass], { endedAt: LEFT_AT });
      await otherSchool.member(movingTeacher, 'teacher');
      await dataSource.getRepository(SchoolMembership).update({ personId: movingTeacher.id, schoolId: school.id }, { endedAt: LEFT_AT });
      await dataSource.getRepository(SchoolMembership).update({ personId: leavingTeacher.id, schoolId: school.id }, { endedAt: LEFT_AT });
      await dataSource.getRepository(TeachingAssignment).update({ teacherId: leavingTeacher.id }, { endedAt: LEFT_AT });

      const leaAlone = await fixture.entry(school, klass, teacher, [lea], { photos: 1 });
      const leaAndTom = await fixture.entry(school, klass, teacher, [lea, tom]);
      const moment = await fixture.entry(school, klass, teacher, [], { photos: 1, tagged: [lea], feedFor: [lea, tom] });
      const momentWithoutLea = await fixture.entry(school, klass, teacher, [], { photos: 1, feedFor: [lea, tom] });
      const tomAlone = await fixture.entry(school, klass, teacher, [tom], { photos: 1 });
      const hugoAlone = await fixture.entry(school, klass, teacher, [hugo], { photos: 1 });
      // Sent in 2025-2026: kept until the end of 2026-2027 (5 July 2027). In 2026-2027: until 5 July 2028.
      const lastYear = await fixture.message(school, teacher, [mother], new Date('2025-10-01T08:00:00.000Z'));
      const lastYearReply = await fixture.message(school, mother, [teacher], new Date('2025-10-02T08:00:00.000Z'), { threadId: lastYear.messageId, file: false });
      const thisYear = await fixture.message(school, teacher, [father], new Date('2026-10-01T08:00:00.000Z'));
      // A thread started last year but answered this year lives as long as its last message.
      const answeredLate = await fixture.message(school, teacher, [father], new Date('2026-06-01T08:00:00.000Z'));
      await fixture.message(school, father, [teacher], new Date('2026-09-15T08:00:00.000Z'), { threadId: answeredLate.messageId, file: false });
      const aboutHugo = await fixture.message(school, teacher, [hugosMother], new Date('2025-10-01T08:00:00.000Z'), { pupil: hugo });

      // Logs, each with one row past its delay and one within it.
      const now = clock.now();
      const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
      const audit = (at: Date) => ({ id: newId(), schoolId: school.id, actorId: null, action: 'test.event', subjectKind: 'school', subjectId: school.id, detailJson: '{}', at });
      const audits = [audit(daysAgo(366)), audit(daysAgo(300))];
      await dataSource.getRepository(AuditEvent).insert(audits);
      const session = (expiresAt: Date) => ({ tokenHash: newId().replace(/-/g, ''), personId: tom.id, csrfToken: 'x', language: null, signInMethod: 'demo', operatorKey: null, createdAt: daysAgo(2), lastSeenAt: daysAgo(1), expiresAt });
      const sessions = [session(daysAgo(1)), session(new Date(now.getTime() + 3_600_000))];
      await dataSource.getRepository(HttpSession).insert(sessions);
      const buckets = [`old-${newId()}`, `new-${newId()}`];
      await dataSource.query('INSERT INTO rate_limit_window (bucket, hits, expiresAt) VALUES (?, 1, ?), (?, 1, ?)', [buckets[0], sqlInstant(daysAgo(2)), buckets[1], sqlInstant(now)]);
      const translation = (createdAt: Date) => ({ cacheKey: newId().replace(/-/g, ''), provider: 'apertium', sourceLanguage: 'fr', targetLanguage: 'es', translatedText: 'Hola', createdAt });
      const translations = [translation(daysAgo(91)), translation(daysAgo(30))];
      await dataSource.getRepository(TranslationCacheEntry).insert(translations);
      const access = (at: Date) => ({ id: newId(), schoolId: school.id, pupilId: tom.id, channel: 'account' as const, personId: father.id, grantId: null, deviceFamily: 'phone', network: 'x', at });
      const accesses = [access(daysAgo(366)), access(daysAgo(10))];
      await dataSource.getRepository(PortfolioAccess).insert(accesses);

      const stored = async (keys: readonly string[]) => Promise.all(keys.map(async (key) => (await under.storage.stat(key)) !== undefined));
      const exists = async (table: string, id: string) => (await count(dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE id = ?`, [id])) === 1;
      const peopleBefore = await deletedMetric('people');
      const person = (id: string) => dataSource.getRepository(Person).findOneByOrFail({ id });

      // 10 July 2027: the logs past their delays and last year's threads go; those who left are only told.
      let done = await run();
      expect(done.ran).to.equal(true);
      // The schools' counts are ours alone; the logs' are the whole database's (other suites' rows too).
      expect(done.counts).to.include({ messages: 2, messageFiles: 1, people: 0 });
      const kept = async (table: string, column: string, values: readonly string[]) =>
        Promise.all(values.map(async (value) => (await count(dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [value])) === 1));
      expect(await kept('audit_event', 'id', audits.map((row) => row.id))).to.deep.equal([false, true]);
      expect(await kept('http_session', 'tokenHash', sessions.map((row) => row.tokenHash))).to.deep.equal([false, true]);
      expect(await kept('rate_limit_window', 'bucket', buckets)).to.deep.equal([false, true]);
      expect(await kept('translation_cache', 'cacheKey', translations.map((row) => row.cacheKey))).to.deep.equal([false, true]);
      expect(await kept('portfolio_access', 'id', accesses.map((row) => row.id))).to.deep.equal([false, true]);
      expect(await exists('message', lastYear.messageId)).to.equal(false);
      expect(await exists('message', lastYearReply.messageId)).to.equal(false);
      expect(await exists('message_file', lastYear.fileId!)).to.equal(false);
      expect(await stored(lastYear.keys)).to.deep.equal([false, false, false]);
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM message_recipient WHERE messageId = ?', [lastYear.messageId])).to.equal(0);
      expect(await exists('message', answeredLate.messageId), 'a thread answered this year').to.equal(true);
      expect(await exists('message', aboutHugo.messageId), 'a thread about a child under a legal hold').to.equal(true);
      expect(await exists('message', thisYear.messageId)).to.equal(true);
      expect(await stored(aboutHugo.keys)).to.deep.equal([true, true, true]);
      const notices = (await dataSource.query('SELECT guardianId, deleteAfter FROM retention_notice WHERE pupilId = ? ORDER BY guardianId', [lea.id])) as { guardianId: string }[];
      expect(notices.map((notice) => notice.guardianId).sort()).to.deep.equal([mother.id, father.id].sort());
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM retention_notice WHERE pupilId = ?', [hugo.id])).to.equal(0);
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM retention_pending_object WHERE schoolId = ?', [school.id])).to.equal(0);

      // 1 October 2027, the day before the three months end: nothing of Léa's has gone.
      clock.set('2027-10-01T20:00:00.000Z');
      done = await run();
      expect(await exists('portfolio_entry', leaAlone.entryId)).to.equal(true);
      expect(await person(lea.id)).to.include({ givenName: lea.givenName });
      expect(await stored(leaAlone.keys)).to.deep.equal([true, true, true]);

      // 3 October 2027: Léa, her mother (no other child) and the teachers who left are gone.
      clock.set('2027-10-03T08:00:00.000Z');
      done = await run();
      expect(done.counts).to.include({ people: 4, anonymisedPeople: 3, portfolioEntries: 1, media: 2, storedObjects: 6 });
      expect(await exists('portfolio_entry', leaAlone.entryId)).to.equal(false);
      expect(await stored(leaAlone.keys)).to.deep.equal([false, false, false]);
      expect(await exists('portfolio_medium', moment.mediumIds[0]!), 'a photo Léa appears in').to.equal(false);
      expect(await stored(moment.keys)).to.deep.equal([false, false, false]);
      expect(await exists('portfolio_entry', moment.entryId), 'the class moment itself stays').to.equal(true);
      expect(await stored(momentWithoutLea.keys)).to.deep.equal([true, true, true]);
      expect(await stored(tomAlone.keys)).to.deep.equal([true, true, true]);
      expect(await stored(hugoAlone.keys)).to.deep.equal([true, true, true]);
      expect(await exists('portfolio_entry', leaAndTom.entryId)).to.equal(true);
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM entry_pupil WHERE entryId = ?', [leaAndTom.entryId])).to.equal(1);
      for (const table of ['entry_pupil', 'portfolio_feed_item', 'medium_tag', 'retention_notice']) {
        expect(await count(dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE pupilId = ?`, [lea.id]), table).to.equal(0);
      }
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM portfolio_feed_item WHERE pupilId = ?', [tom.id])).to.equal(4);
      for (const [table, column] of [['enrolment', 'pupilId'], ['guardianship', 'childId'], ['image_consent', 'childId'], ['school_membership', 'personId']] as const) {
        expect(await count(dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [lea.id]), table).to.equal(0);
      }
      expect(await person(lea.id)).to.include({ givenName: '—', familyName: '—', email: null });
      expect(await person(mother.id)).to.include({ givenName: '—', email: null });
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM guardianship WHERE guardianId = ?', [mother.id])).to.equal(0);
      expect(await person(father.id)).to.include({ givenName: father.givenName });
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM guardianship WHERE guardianId = ? AND childId = ?', [father.id, tom.id])).to.equal(1);
      expect(await person(leavingTeacher.id)).to.include({ givenName: '—' });
      expect(await person(movingTeacher.id)).to.include({ givenName: movingTeacher.givenName });
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM school_membership WHERE personId = ?', [movingTeacher.id])).to.equal(1);
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM teaching_assignment WHERE teacherId = ?', [movingTeacher.id])).to.equal(0);
      // Under the legal hold: Hugo and his mother stay whole.
      expect(await person(hugo.id)).to.include({ givenName: hugo.givenName });
      expect(await person(hugosMother.id)).to.include({ givenName: hugosMother.givenName });
      expect(await exists('portfolio_entry', hugoAlone.entryId)).to.equal(true);
      const deletions = await dataSource.getRepository(AuditEvent).findBy({ schoolId: school.id, action: 'retention.personDeleted' });
      expect(deletions.map((event) => event.subjectId).sort()).to.deep.equal([lea.id, mother.id, leavingTeacher.id, movingTeacher.id].sort());
      expect(JSON.parse(deletions.find((event) => event.subjectId === lea.id)!.detailJson)).to.include({ portfolioEntries: 1, media: 2, anonymised: true });
      expect((await deletedMetric('people')) - peopleBefore).to.equal(done.counts.people);

      // Running again changes nothing.
      done = await run();
      expect(done.counts.people).to.equal(0);
      expect(done.counts.storedObjects).to.equal(0);

      // The hold released: Hugo goes at the next run (his delay is long past), with his mother.
      await dataSource.getRepository(RetentionHold).update({ pupilId: hugo.id }, { releasedAt: clock.now(), releasedById: director.id });
      done = await run();
      expect((await dataSource.getRepository(AuditEvent).findBy({ schoolId: school.id, action: 'retention.personDeleted' })).map((event) => event.subjectId)).to.include.members([hugo.id, hugosMother.id]);
      expect(await exists('message', aboutHugo.messageId)).to.equal(false);
      expect(await stored(hugoAlone.keys)).to.deep.equal([false, false, false]);
      expect(await stored(aboutHugo.keys)).to.deep.equal([false, false, false]);

      // 6 July 2028: 2026-2027's threads have had their following year.
      clock.set('2028-07-04T08:00:00.000Z');
      done = await run();
      expect(await exists('message', thisYear.messageId)).to.equal(true);
      expect(await stored(thisYear.keys)).to.deep.equal([true, true, true]);
      clock.set('2028-07-06T08:00:00.000Z');
      done = await run();
      expect(await exists('message', answeredLate.messageId)).to.equal(false);
      expect(await exists('message', thisYear.messageId)).to.equal(false);
      expect(await stored(thisYear.keys)).to.deep.equal([false, false, false]);
      // What stays: the children still at school and what they appear in.
      expect(await stored([...tomAlone.keys, ...momentWithoutLea.keys]).then((all) => all.every(Boolean))).to.equal(true);
      expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM retention_pending_object WHERE schoolId = ?', [school.id])).to.equal(0);
    });

    it('runs on one instance at a time: while another holds the lease it does nothing, and takes over once that holder died', async () => {
      const clock = new TestClock('2027-07-10T08:00:00.000Z');
      const dataSource = testDataSource();
      const deps: RetentionDeps = { dataSource, storage: under.storage, logger, clock };
      // Another instance took the job and was killed without giving it back.
      expect(await takeLease(dataSource, 'retention', 'another-instance', clock.now(), 10 * 60_000)).to.equal(true);
      expect((await runRetention(deps, { schoolIds: [] })).ran).to.equal(false);
      clock.advanceMinutes(9);
      expect((await runRetention(deps, { schoolIds: [] })).ran).to.equal(false);
      clock.advanceMinutes(2);
      expect((await runRetention(deps, { schoolIds: [] })).ran).to.equal(true);
      // Given back at the end: the next run of any instance goes ahead.
      expect((await runRetention(deps, { schoolIds: [] })).ran).to.equal(true);
    });
  });
}
