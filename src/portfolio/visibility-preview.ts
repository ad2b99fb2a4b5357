import type { DataSource } from 'typeorm';
import { listGuardiansOfChildren } from '../directory/guardians.js';
import { currentImageConsents } from '../directory/image-consents.js';
import { consentPurposeOf } from './consent-purpose.js';
import { readPersonNameRow } from '../db/common-rows.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import type { ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadActor } from '../policy/load-actor.js';
import { loadClassContext } from './class-context.js';
import { loadEntryFor } from './load-entry.js';

/** Why a family will not see a medium: these children appear in it, and their rights stop there. */
interface HiddenFromFamily {
  readonly childId: string;
  readonly childName: string;
  readonly blockedBy: readonly { pupilId: string; name: string; consent: ImageConsentScope }[];
}

/** For each medium of an entry: which families will not see it, and why. */
export interface VisibilityPreview {
  readonly media: readonly { mediumId: string; position: number; kind: string; peopleReviewed: boolean; appearing: readonly string[]; hiddenFrom: readonly HiddenFromFamily[] }[];
}

const readMediumRow = rowReader({ id: column.text, position: column.number, kind: column.text, peopleReviewed: column.flag });
const readTagRow = rowReader({ mediumId: column.text, pupilId: column.text });

/**
 * What the teacher sees before publishing: the entry as it will go out, and for each photo the
 * families who will not see it because a child in it has no consent reaching them. Decided by the
 * same policy as the real pages, for each guardian as they are now, as if the entry were out.
 */
export async function previewVisibility(dataSource: DataSource, actor: Actor, entryId: string, now: Date): Promise<VisibilityPreview> {
  const { entry, pupilIds: namedPupils } = await loadEntryFor(dataSource.manager, actor, entryId, 'publish', now);
  const klass = (await loadClassContext(dataSource.manager, entry.classId, now))!;
  const pupilIds = entry.audience === 'class' ? klass.pupilIds : namedPupils;
  const media = await queryRows(dataSource, readMediumRow, 'SELECT id, position, kind, peopleReviewed FROM portfolio_medium WHERE entryId = ? ORDER BY position', [entry.id]);
  const tags =
    media.length === 0
      ? []
      : await queryRows(dataSource, readTagRow, `SELECT mediumId, pupilId FROM medium_tag WHERE mediumId IN (${media.map(() => '?').join(', ')})`, media.map((m) => m.id));
  const people = await namesOf(dataSource, [...new Set([...pupilIds, ...tags.map((tag) => tag.pupilId)])]);
  const consents = await currentImageConsents(dataSource, entry.schoolId, [...new Set(tags.map((tag) => tag.pupilId))], now, consentPurposeOf(entry));
  const guardians = await listGuardiansOfChildren(dataSource, entry.schoolId, pupilIds, now);
  const guardianActors = new Map<string, Actor>();
  for (const links of guardians.values()) {
    for (const link of links) {
      if (link.status !== 'noAccess' && !guardianActors.has(link.guardianId)) guardianActors.set(link.guardianId, await loadActor(dataSource, link.guardianId, now));
    }
  }
  // As if the entry were out: the preview answers "who will see it", not "who sees it now".
  const outFacts = { schoolId: entry.schoolId, classId: entry.classId, pupilIds, authorId: entry.authorId, awaitingApproval: false, familiesMaySee: true, pupilsMaySee: true };

  return {
    media: media.map((medium) => {
      const mediumTags = tags.filter((tag) => tag.mediumId === medium.id).map((tag) => ({ pupilId: tag.pupilId, consent: consents.get(tag.pupilId) ?? 'none' }));
      const hiddenFrom: HiddenFromFamily[] = [];
      for (const childId of pupilIds) {
        const familyActors = (guardians.get(childId) ?? []).flatMap((link) => guardianActors.get(link.guardianId) ?? []);
        if (familyActors.length === 0) continue;
        const blind = familyActors.filter((guardian) => !can(guardian, 'view', { kind: 'medium', ...outFacts, tags: mediumTags }));
        if (blind.length === 0) continue;
        const blockedBy = mediumTags
          .filter((tag) => blind.some((guardian) => !can(guardian, 'view', { kind: 'medium', ...outFacts, tags: [tag] })))
          .map((tag) => ({ ...tag, name: people.get(tag.pupilId) ?? '' }));
        hiddenFrom.push({ childId, childName: people.get(childId) ?? '', blockedBy });
      }
      return {
        mediumId: medium.id,
        position: medium.position,
        kind: medium.kind,
        peopleReviewed: medium.peopleReviewed,
        appearing: mediumTags.map((tag) => people.get(tag.pupilId) ?? ''),
        hiddenFrom,
      };
    }),
  };
}

async function namesOf(dataSource: DataSource, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows(dataSource, readPersonNameRow, `SELECT id, givenName, familyName FROM person WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
  return new Map(rows.map((row) => [row.id, `${row.givenName} ${row.familyName}`]));
}
