import type { Request, Response } from 'express';
import type { ModuleContext } from '../context.js';
import { currentImageConsents } from '../directory/image-consents.js';
import { notFound } from '../http/errors.js';
import { sendRendition, type Rendition } from '../media/index.js';
import { PortfolioMedium } from '../model/portfolio-medium.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { consentPurposeOf } from './consent-purpose.js';
import { describeEntry } from './entry-facts.js';
import { entryPupilIds } from './load-entry.js';
import { PortfolioEntry } from '../model/portfolio-entry.js';
import { readPupilIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/**
 * Sends a medium to a viewer who may see it: its entry must be visible to them and the image
 * rights of every child in it must reach them. Otherwise NOT_FOUND, as for an id that does not
 * exist. A medium not yet in an entry is seen by its uploader only.
 */
export async function serveMedium(
  context: ModuleContext,
  actor: Actor,
  mediumId: string,
  rendition: Rendition,
  download: boolean,
  req: Request,
  res: Response,
): Promise<void> {
  const { dataSource, clock } = context;
  const now = clock.now();
  const medium = await dataSource.getRepository(PortfolioMedium).findOneBy({ id: mediumId });
  if (!medium) throw notFound();
  if (!(await maySee(context, actor, medium, now))) throw notFound();

  await sendRendition(req, res, context.media.storage, medium, rendition, download);
}

async function maySee(context: ModuleContext, actor: Actor, medium: PortfolioMedium, now: Date): Promise<boolean> {
  if (medium.entryId === null) return medium.uploadedById === actor.personId;
  const entry = await context.dataSource.getRepository(PortfolioEntry).findOneBy({ id: medium.entryId });
  if (!entry) return false;
  const facts = describeEntry(entry, await entryPupilIds(context.dataSource.manager, entry), now);
  const tagged = await queryRows(context.dataSource, readPupilIdRow, 'SELECT pupilId FROM medium_tag WHERE mediumId = ?', [medium.id]);
  const consents = await currentImageConsents(context.dataSource, entry.schoolId, tagged.map((tag) => tag.pupilId), now, consentPurposeOf(entry));
  const tags = tagged.map((tag) => ({ pupilId: tag.pupilId, consent: consents.get(tag.pupilId) ?? 'none' }));
  return can(actor, 'view', { kind: 'medium', ...facts, tags });
}
