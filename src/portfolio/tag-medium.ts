import type { DataSource } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import { MediumTag } from '../model/medium-tag.js';
import { PortfolioMedium } from '../model/portfolio-medium.js';
import type { Actor } from '../policy/actor.js';
import { loadClassContext } from './class-context.js';
import { assertInClass } from './create-entry.js';
import { loadEntryFor } from './load-entry.js';

/**
 * Says who appears in a medium (possibly nobody) and marks it reviewed. Takes effect at once,
 * also on a published entry: correcting a tag must hide a photo from the families it must not reach.
 */
export async function setMediumTags(dataSource: DataSource, actor: Actor, mediumId: string, pupilIds: readonly string[], now: Date): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const medium = await manager.getRepository(PortfolioMedium).findOneBy({ id: mediumId });
    if (!medium?.entryId) throw notFound();
    const { entry } = await loadEntryFor(manager, actor, medium.entryId, 'edit', now, true);
    const klass = (await loadClassContext(manager, entry.classId, now))!;
    const unique = [...new Set(pupilIds)];
    assertInClass(klass, unique);
    await manager.getRepository(MediumTag).delete({ mediumId });
    if (unique.length > 0) {
      await manager.getRepository(MediumTag).insert(unique.map((pupilId) => ({ mediumId, pupilId, schoolId: entry.schoolId })));
    }
    await manager.getRepository(PortfolioMedium).update({ id: mediumId }, { peopleReviewed: true });
  });
}
