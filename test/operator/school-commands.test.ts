import { expect } from 'chai';
import { AuditEvent } from '../../src/model/audit-event.js';
import { School } from '../../src/model/school.js';
import { SchoolAppointment } from '../../src/model/school-appointment.js';
import { SchoolMembership } from '../../src/model/school-membership.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { csvFile, freshUai, operatorCommand } from './support.js';

/*
 * The operator's commands on the real database (both engines): create, import, list,
 * deactivate/reactivate, appointment links and directory keys, removing a director. Each refusal
 * prints its code and changes nothing.
 */
describe('operator commands', () => {
  const schools = () => testDataSource().getRepository(School);

  it('creates a school with its kind, cycles and time zone, audited', async () => {
    const uai = freshUai();
    const result = await operatorCommand(['school:create', '--uai', uai.toLowerCase(), '--name', '  Collège  Jean Moulin ', '--type', 'Collège', '--timezone', 'America/Cayenne']);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.include(`created ${uai} Collège Jean Moulin (college, cycles 3,4, America/Cayenne)`);
    const school = await schools().findOneByOrFail({ uai });
    expect(school).to.include({ name: 'Collège Jean Moulin', kind: 'college', cycles: '3,4', timezone: 'America/Cayenne', isDemo: false, deactivatedAt: null });
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: school.id, action: 'operator.schoolCreated' });
    expect(JSON.parse(audit.detailJson)).to.include({ by: 'cli', uai });
  });

  it('refuses a wrong check letter, a taken UAI, an unknown time zone or kind, writing nothing', async () => {
    const uai = freshUai();
    const wrongLetter = `${uai.slice(0, 7)}${uai[7] === 'A' ? 'B' : 'A'}`;
    const before = await schools().count();
    const cases: [string[], string][] = [
      [['--uai', wrongLetter, '--name', 'École A', '--type', 'ecole'], 'SCHOOL_UAI_CHECK_LETTER_WRONG'],
      [['--uai', '0750001A', '--name', 'École du glossaire', '--type', 'ecole'], 'SCHOOL_UAI_CHECK_LETTER_WRONG'],
      [['--uai', uai, '--name', 'École B', '--type', 'ecole', '--timezone', 'Europe/Parris'], 'SCHOOL_TIMEZONE_UNKNOWN'],
      [['--uai', uai, '--name', 'École C', '--type', 'crèche'], 'SCHOOL_KIND_UNKNOWN'],
      [['--uai', uai, '--name', 'École D', '--type', 'ecole', '--cycles', '5'], 'SCHOOL_CYCLES_INVALID'],
    ];
    for (const [args, code] of cases) {
      const result = await operatorCommand(['school:create', ...args]);
      expect(result.code, args.join(' ')).to.equal(1);
      expect(result.err).to.include(`error: ${code}: `);
    }
    expect(await schools().count()).to.equal(before);
    expect((await operatorCommand(['school:create', '--uai', uai, '--name', 'École E', '--type', 'ecole'])).code).to.equal(0);
    const taken = await operatorCommand(['school:create', '--uai', uai, '--name', 'École F', '--type', 'lycee']);
    expect(taken.code).to.equal(1);
    expect(taken.err).to.include('error: SCHOOL_UAI_TAKEN: ');
    expect(await schools().count()).to.equal(before + 1);
    expect((await operatorCommand(['school:create', '--uai', uai])).code).to.equal(2);
  });

  it("imports an académie's list all or nothing, and a second run changes nothing", async () => {
    const [a, b, c] = [freshUai(), freshUai(), freshUai()];
    const header = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Fuseau_horaire";
    const good = csvFile([header, `${a};École maternelle Les Lilas;Ecole;`, `${b};Collège Victor Hugo;Collège;Indian/Reunion`, '', `${c};Lycée Condorcet;Lycée;`]);
    const before = await schools().count();

    const bad = csvFile([header, `${a};École maternelle Les Lilas;Ecole;`, `${b.slice(0, 7)}${b[7] === 'A' ? 'B' : 'A'};Collège;Collège;`, `${c};Lycée Condorcet;Lycée;Mars/Olympus`, `${a};Doublon;Ecole;`]);
    const refused = await operatorCommand(['school:import', bad]);
    expect(refused.code).to.equal(1);
    expect(refused.err).to.include('error: SCHOOL_IMPORT_INVALID');
    expect(refused.err).to.include('line 3: SCHOOL_UAI_CHECK_LETTER_WRONG');
    expect(refused.err).to.include('line 4: SCHOOL_TIMEZONE_UNKNOWN');
    expect(refused.err).to.include('line 5: SCHOOL_UAI_TAKEN');
    expect(await schools().count(), 'nothing half-created').to.equal(before);

    const first = await operatorCommand(['school:import', good]);
    expect(first.code, first.err).to.equal(0);
    expect(first.out).to.include('created 3, unchanged 0');
    expect(await schools().findOneByOrFail({ uai: b })).to.include({ kind: 'college', timezone: 'Indian/Reunion', cycles: '3,4' });
    const audits = await testDataSource().getRepository(AuditEvent).countBy({ action: 'operator.schoolCreated' });

    const again = await operatorCommand(['school:import', good]);
    expect(again.out).to.include('created 0, unchanged 3');
    expect(await schools().count()).to.equal(before + 3);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: 'operator.schoolCreated' })).to.equal(audits);

    const noColumns = await operatorCommand(['school:import', csvFile(['code,label', `${a},x`])]);
    expect(noColumns.err).to.include('line 1: SCHOOL_IMPORT_COLUMNS_MISSING');
  });

  it('lists schools with their directors and counts, deactivates and reactivates', async () => {
    const school = await SchoolFactory.create(testDataSource(), { name: 'École Listée' });
    const director = await school.person({ givenName: 'Nadia', familyName: 'Listeuse' });
    await school.member(director, 'director');
    const pupil = await school.person({ givenName: 'Enfant', familyName: 'Secret' });
    await school.member(pupil, 'pupil');

    const list = await operatorCommand(['school:list']);
    const block = list.out.slice(list.out.indexOf(school.school.uai));
    expect(block).to.match(/École Listée\t-\topen\tclasses 0, pupils 1, teachers 0, parents 0/);
    expect(block).to.include(`director Nadia Listeuse (${director.id})`);
    expect(list.out, 'never a child’s name').not.to.include('Secret');

    expect((await operatorCommand(['school:deactivate', school.school.uai])).out).to.equal('deactivated\n');
    expect((await schools().findOneByOrFail({ id: school.id })).deactivatedAt).to.be.instanceOf(Date);
    expect((await operatorCommand(['school:deactivate', school.school.uai])).out).to.include('nothing changed');
    expect((await operatorCommand(['school:list'])).out).to.match(new RegExp(`${school.school.uai}\\tÉcole Listée\\t-\\tdeactivated`));
    expect((await operatorCommand(['school:reactivate', school.school.uai])).out).to.equal('reactivated\n');
    expect((await schools().findOneByOrFail({ id: school.id })).deactivatedAt).to.equal(null);
    const unknown = await operatorCommand(['school:deactivate', freshUai()]);
    expect(unknown.err).to.include('error: SCHOOL_NOT_FOUND');
  });

  it('prints a one-time appointment link, records a directory key, and removes a director', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const link = await operatorCommand(['director:link', school.school.uai]);
    expect(link.code).to.equal(0);
    const url = link.out.trim();
    expect(url).to.match(/^http:\/\/localhost:\d+\/appointments\/[A-Za-z0-9_-]{43}$/);
    const stored = await testDataSource().getRepository(SchoolAppointment).findOneByOrFail({ schoolId: school.id });
    expect(stored.tokenHash).to.have.length(64);
    expect(url, 'only the hash is kept').not.to.include(stored.tokenHash!);
    expect(stored.expiresAt!.getTime() - stored.createdAt.getTime()).to.equal(7 * 86_400_000);

    expect((await operatorCommand(['director:key', school.school.uai, 'AAF-HEAD-42'])).code).to.equal(0);
    expect((await operatorCommand(['director:key', school.school.uai, 'AAF-HEAD-42'])).err).to.include('APPOINTMENT_KEY_TAKEN');

    const director = await school.person();
    await school.member(director, 'director');
    expect((await operatorCommand(['director:remove', school.school.uai, director.id])).out).to.equal('removed\n');
    const membership = await testDataSource().getRepository(SchoolMembership).findOneByOrFail({ schoolId: school.id, personId: director.id });
    expect(membership.endedAt).to.be.instanceOf(Date);
    expect((await operatorCommand(['director:remove', school.school.uai, director.id])).err).to.include('SCHOOL_MEMBER_NOT_FOUND');
    expect((await operatorCommand(['director:link', school.school.uai, '--role', 'teacher'])).code).to.equal(2);
  });
});
