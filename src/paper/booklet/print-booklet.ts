import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { listGuardiansOfChildren } from '../../directory/guardians.js';
import { AppError } from '../../http/errors.js';
import { pickLanguage } from '../../i18n/languages.js';
import { zonedInstant } from '../../notify/zoned-time.js';
import { findPortfolioPupil } from '../../portfolio/find-portfolio-pupil.js';
import type { Actor } from '../../policy/actor.js';
import { issueQrCodes } from '../../sharing/qr-codes.js';
import { shareUrl } from '../../sharing/share-url.js';
import { loadSchoolFacts } from '../../messaging/school-facts.js';
import { renderBooklet } from './booklet-pdf.js';
import { loadBookletContent, type BookletEntry, type BookletSkill } from './load-booklet.js';

/** The period of a booklet (calendar days in the school's zone, both included), and whether to print a new QR code. */
export const bookletInput = z
  .object({ from: z.iso.date(), to: z.iso.date(), newCode: z.boolean().default(false) })
  .refine((input) => input.from <= input.to, { path: ['to'], message: 'invalid' });

/** The language the school's entries are written in, the source of their translation. */
const SCHOOL_LANGUAGE = 'fr';

/**
 * A child's portfolio booklet for a period, as a PDF in the family's language: what the family
 * sees online of that period (entries, photos under the image rights, skills with their evidence,
 * teachers' comments), translated through the translation cache, with a QR code back online. For
 * the whole family (the director, the class's teachers, a guardian who follows the child: the
 * portfolio's `export`). With `newCode`, the school prints the child's new QR code on it (the one
 * before stops working, as when a sheet is printed); otherwise the code opens the portfolio page for
 * a family with an account. Audited.
 */
export async function printBooklet(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'media' | 'messaging' | 'translator' | 'config'>,
  actor: Actor,
  pupilId: string,
  input: z.infer<typeof bookletInput>,
): Promise<Buffer> {
  const now = deps.clock.now();
  const pupil = await findPortfolioPupil(deps.dataSource, actor, pupilId, 'export', now);
  const school = await loadSchoolFacts(deps.dataSource, pupil.schoolId);
  if (!school) throw new AppError('NOT_FOUND');
  const guardians = (await listGuardiansOfChildren(deps.dataSource, pupil.schoolId, [pupil.id], now)).get(pupil.id) ?? [];
  // A guardian prints in their own language; the school, in the family's (the first guardian's).
  const reader = guardians.find((link) => link.guardianId === actor.personId) ?? guardians.find((link) => link.status !== 'noAccess');
  const familyLanguage = reader?.preferredLanguage ?? SCHOOL_LANGUAGE;
  const [fromDay, toDay] = [input.from, input.to].map((text) => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  }) as [{ year: number; month: number; day: number }, { year: number; month: number; day: number }];
  const from = zonedInstant(pupil.timezone, fromDay, 0, 0);
  const until = zonedInstant(pupil.timezone, toDay, 1, 0);
  const content = await loadBookletContent(deps, pupil, from, until, now);

  let url = `${deps.config.baseUrl.replace(/\/$/, '')}/children/${pupil.id}/portfolio`;
  if (input.newCode) {
    const [code] = await issueQrCodes(deps.dataSource, actor, [pupil.id], now);
    url = shareUrl(deps.config, code!.token);
  }
  const translate = async (text: string): Promise<string> => {
    if (text.trim() === '') return text;
    const outcome = await deps.messaging.translator.translate(text, SCHOOL_LANGUAGE, familyLanguage, now);
    return outcome.status === 'translated' ? outcome.text : text;
  };
  const entries: BookletEntry[] = [];
  for (const entry of content.entries) {
    entries.push({
      ...entry,
      title: await translate(entry.title),
      comment: await translate(entry.comment),
      skills: await Promise.all(entry.skills.map(async (skill) => ({ ...skill, label: await translate(skill.label) }))),
    });
  }
  const skills: BookletSkill[] = [];
  for (const skill of content.skills) {
    skills.push({ ...skill, label: await translate(skill.label), domainLabel: await translate(skill.domainLabel), evidence: await Promise.all(skill.evidence.map(translate)) });
  }
  const pdf = await renderBooklet(
    {
      schoolName: school.name,
      childName: `${pupil.givenName} ${pupil.familyName}`,
      language: pickLanguage([familyLanguage]),
      timezone: pupil.timezone,
      from,
      lastDay: zonedInstant(pupil.timezone, toDay, 0, 12 * 60),
      entries,
      skills,
      url,
      urlIsNewCode: input.newCode,
    },
    deps.translator,
  );
  await runInTransaction(deps.dataSource, (manager) =>
    recordAuditEvent(manager, {
      schoolId: pupil.schoolId,
      actorId: actor.personId,
      action: 'portfolio.bookletPrinted',
      subjectKind: 'pupil',
      subjectId: pupil.id,
      detail: { from: input.from, to: input.to, newCode: input.newCode, entries: entries.length },
      at: now,
    }),
  );
  return pdf;
}
