import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { listGuardiansOfChildren } from '../../directory/guardians.js';
import { loadSchoolFacts } from '../../messaging/school-facts.js';
import type { Actor } from '../../policy/actor.js';
import { loadClassSharing } from '../../sharing/class-sharing.js';
import { renderWelcomeLetters, type WelcomeLetter } from './welcome-letter-pdf.js';

/**
 * The welcome letters of a class, for the children whose QR codes the actor hands out (the
 * class's teachers, the director), each in the language of the child's first guardian. They
 * issue nothing: printing them again changes no code. Audited.
 */
export async function printWelcomeLetters(deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'translator'>, actor: Actor, classId: string): Promise<Buffer> {
  const now = deps.clock.now();
  const page = await loadClassSharing(deps.dataSource, actor, classId, now);
  const school = await loadSchoolFacts(deps.dataSource, page.schoolId);
  const guardians = await listGuardiansOfChildren(deps.dataSource, page.schoolId, page.pupils.map((pupil) => pupil.id), now);
  const letters: WelcomeLetter[] = page.pupils.map((pupil) => ({
    childGivenName: pupil.givenName,
    familyLanguage: (guardians.get(pupil.id) ?? []).find((link) => link.status !== 'noAccess')?.preferredLanguage ?? 'fr',
    schoolName: school?.name ?? '',
  }));
  const pdf = await renderWelcomeLetters(letters, deps.translator);
  await runInTransaction(deps.dataSource, (manager) =>
    recordAuditEvent(manager, {
      schoolId: page.schoolId,
      actorId: actor.personId,
      action: 'sharing.welcomeLettersPrinted',
      subjectKind: 'class',
      subjectId: classId,
      detail: { letters: letters.length },
      at: now,
    }),
  );
  return pdf;
}
