import type { Translate } from '../i18n/translator.js';
import { describeRetentionTable } from '../retention/describe-delays.js';
import type { LegalFacts } from './legal-facts.js';

/** The processing the module carries out, each a line of the register (`legal.register.<id>.*`). */
const PROCESSING = [
  { id: 'portfolio', retention: ['portfolio', 'leavers'] },
  { id: 'messaging', retention: ['messages', 'translations'] },
  { id: 'sharing', retention: ['accessHistory'] },
  { id: 'accounts', retention: ['leavers', 'sessions', 'rateLimits'] },
  { id: 'audit', retention: ['auditEvents'] },
] as const;

/** The register's columns, in order (`legal.register.columns.<column>`). */
const COLUMNS = ['processing', 'purpose', 'legalBasis', 'subjects', 'data', 'recipients', 'retention', 'transfers', 'security'] as const;

/** A CSV field: quoted, inner quotes doubled, so any text (a `;`, a line break) stays in its cell. */
const field = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * The extract of the register of processing (RGPD article 30) the school's data-protection officer
 * downloads: one line per processing, with the controller and the delays of the school's own
 * settings. CSV separated by `;` with a byte-order mark, as spreadsheets in France open it.
 */
export function processingRegisterCsv(t: Translate, facts: LegalFacts): string {
  const delays = new Map(describeRetentionTable(t, facts.retention).map((row) => [row.kind, `${row.what} : ${row.delay}`]));
  const controller = facts.school ? t('legal.controllerSchool', { school: facts.school.name, uai: facts.school.uai }) : t('legal.controllerDeployment');
  const header = [t('legal.register.columns.controller'), ...COLUMNS.map((column) => t(`legal.register.columns.${column}`))];
  const lines = PROCESSING.map((processing) => [
    controller,
    t(`legal.register.${processing.id}.processing`),
    t(`legal.register.${processing.id}.purpose`),
    t(`legal.register.${processing.id}.legalBasis`),
    t(`legal.register.${processing.id}.subjects`),
    t(`legal.register.${processing.id}.data`),
    t(`legal.register.${processing.id}.recipients`),
    processing.retention.map((kind) => delays.get(kind)).join(' ; '),
    t('legal.register.transfers'),
    t('legal.register.security'),
  ]);
  return `\uFEFF${[header, ...lines].map((line) => line.map(field).join(';')).join('\r\n')}\r\n`;
}
