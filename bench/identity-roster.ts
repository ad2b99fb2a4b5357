import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { connectorRegistryFor } from '../src/connectors/registry.js';
import { loadConfig } from '../src/config/load.js';
import { newId } from '../src/model/columns.js';
import { Person, School, SchoolMembership } from '../src/model/index.js';
import { defaultSchoolSettings } from '../src/model/school-settings.js';
import { applyImport, parseUpload, planFor, saveImport } from '../src/roster/roster-service.js';

const PUPILS = Number(process.env.BENCH_ROSTER_PUPILS ?? 1000);
/** The target for a 1,000-pupil import on MariaDB. */
const TARGET_SECONDS = 10;

/** An ONDE export of a large school: 40 classes, two guardians per family, some siblings, some court decisions. */
function ondeExport(pupils: number): Buffer {
  const lines = ['INE;Nom de famille élève;Prénom élève;Date naissance;Identifiant classe;Libellé classe;Identifiant responsable;Nom responsable;Prénom responsable;Lien avec l’élève;Courriel;Autorité parentale;Restriction;Référence décision;Date décision'];
  for (let index = 0; index < pupils; index += 1) {
    // Every tenth family has two children in the school: the same two guardians for both.
    const family = index % 10 === 1 ? index - 1 : index;
    const klass = index % 40;
    const pupil = [`INE${String(index).padStart(6, '0')}`, `Famille${family}`, `Enfant${index}`, `${String(1 + (index % 28)).padStart(2, '0')}/0${1 + (index % 9)}/2018`, `c${klass}`, `Classe ${klass}`];
    const restricted = family % 50 === 0;
    lines.push([...pupil, `R${family}a`, `Famille${family}`, `Mère${family}`, 'Mère', `m${family}@example.org`, 'Oui', '', '', ''].join(';'));
    lines.push([...pupil, `R${family}b`, `Famille${family}`, `Père${family}`, 'Père', `p${family}@example.org`, restricted ? 'Non' : 'Oui', restricted ? 'Aucun accès' : '', restricted ? `JAF, RG ${family}` : '', restricted ? '01/02/2025' : ''].join(';'));
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

/**
 * Benchmark: a 1,000-pupil roster import on MariaDB (parse, plan against the school, apply in one
 * transaction), then the same file again (idempotent: nothing to apply). Target ≤ 10 s for the
 * first import. Returns whether it was met.
 */
export async function benchRosterImport(dataSource: DataSource): Promise<boolean> {
  const school = Object.assign(new School(), {
    id: newId(),
    uai: '0999001A',
    name: 'Collège du banc d’essai',
    timezone: 'Europe/Paris',
    settingsJson: JSON.stringify(defaultSchoolSettings()),
    isDemo: false,
    createdAt: new Date(),
  });
  await dataSource.getRepository(School).insert(school);
  const director = Object.assign(new Person(), { id: newId(), givenName: 'Dir', familyName: 'Banc', preferredLanguage: 'fr', email: null, phone: null, birthDate: null, createdAt: new Date() });
  await dataSource.getRepository(Person).insert(director);
  await dataSource.getRepository(SchoolMembership).insert({ id: newId(), personId: director.id, schoolId: school.id, role: 'director', staffFunction: null, startedAt: new Date(), endedAt: null });
  const config = loadConfig({ ECARNET_LOG_LEVEL: 'silent' });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const connector = connectorRegistryFor(config.config).rosterConnectors(school.uai)[0]!;
  const file = ondeExport(PUPILS);

  const importOnce = async () => {
    const started = performance.now();
    const upload = parseUpload(connector, file, 'onde');
    if (!upload.ok) throw new Error(`the generated export has problems: ${JSON.stringify(upload.parsed.problems.slice(0, 3))}`);
    const now = new Date();
    const plan = await planFor(dataSource, school, upload.parsed.records, false, now);
    const row = await saveImport(
      dataSource,
      { school, connectorId: connector.id, preset: 'onde', fileName: 'bench.csv', text: upload.text, plan, summary: { pupils: PUPILS, guardians: PUPILS * 2, wholeSchool: false }, actorId: director.id },
      now,
    );
    const previewed = performance.now();
    const applied = await applyImport(dataSource, connector, school, row, plan.digest, director.id, new Date());
    return { previewSeconds: (previewed - started) / 1000, totalSeconds: (performance.now() - started) / 1000, changes: Object.values(applied).reduce((sum, count) => sum + (count ?? 0), 0) };
  };

  const first = await importOnce();
  const again = await importOnce();
  const met = first.totalSeconds <= TARGET_SECONDS;
  process.stdout.write(
    `\nRoster import: ${PUPILS} pupils, ${PUPILS * 2} guardian lines (ONDE), MariaDB\n` +
      `  first import    preview ${first.previewSeconds.toFixed(2)} s, total ${first.totalSeconds.toFixed(2)} s, ${first.changes} changes applied\n` +
      `  same file again preview ${again.previewSeconds.toFixed(2)} s, total ${again.totalSeconds.toFixed(2)} s, ${again.changes} changes applied\n` +
      `  target: first import ≤ ${TARGET_SECONDS} s — ${met ? 'met' : 'NOT met'}\n`,
  );
  if (again.changes !== 0) throw new Error('re-importing the same file changed something');
  return met;
}
