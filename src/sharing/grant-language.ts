import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import { UI_LANGUAGES } from '../i18n/languages.js';
import { ShareGrant } from '../model/share-grant.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { describeSharing } from './sharing-pupil.js';

/** The language a code or link opens its pages in: one the interface speaks. */
export const grantLanguageInput = z.object({ language: z.enum(UI_LANGUAGES) });

/**
 * Sets the language of a child's QR code or personal link: the pages it opens, and the entries
 * translated on them, follow it from the next page. The guardian's choice (the school's staff may
 * set it for a family); audited. An ended code or link has nothing to change.
 */
export async function setGrantLanguage(dataSource: DataSource, actor: Actor, grantId: string, language: string, now: Date): Promise<ShareGrant> {
  const grant = await dataSource.getRepository(ShareGrant).findOneBy({ id: grantId });
  if (!grant) throw notFound();
  const sharing = await describeSharing(dataSource, grant.schoolId, grant.pupilId, now);
  if (!sharing || !can(actor, 'setLanguage', sharing.resource)) throw notFound();
  if (grant.revokedAt !== null || grant.expiresAt <= now) throw notFound();
  await runInTransaction(dataSource, async (manager) => {
    await manager.update(ShareGrant, { id: grant.id }, { language });
    await recordAuditEvent(manager, {
      schoolId: grant.schoolId,
      actorId: actor.personId,
      action: 'sharing.languageChanged',
      subjectKind: 'shareGrant',
      subjectId: grant.id,
      detail: { from: grant.language, to: language },
      at: now,
    });
  });
  return grant;
}
