import type { DataSource } from 'typeorm';
import { classRoster } from '../directory/roster.js';
import { currentImageConsents } from '../directory/image-consents.js';
import { consentPurposeOf } from './consent-purpose.js';
import type { PortfolioEntry } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadClassContext } from './class-context.js';
import { loadEntryFor } from './load-entry.js';
import { listResponses, type ListedResponse } from './responses.js';
import { loadEntryDetails } from './timeline-queries.js';
import { visibleMediaOf } from './visible-media.js';
import { previewVisibility, type VisibilityPreview } from './visibility-preview.js';

/** An entry's page, cut to what the viewer may see and do. */
interface EntryPage {
  readonly entry: PortfolioEntry;
  readonly timezone: string;
  readonly className: string;
  readonly canPublish: boolean;
  readonly canRespond: boolean;
  readonly media: readonly { id: string; kind: string; fileName: string; hasScreen: boolean; width: number | null; height: number | null; appearing: readonly string[] }[];
  readonly skills: readonly { label: string; domainLabel: string; level: string }[];
  /** Pupils of the class, for the "who appears" forms (teachers only). */
  readonly classPupils: readonly { id: string; givenName: string; familyName: string; imageConsent: string }[];
  readonly preview: VisibilityPreview | undefined;
  readonly responses: readonly ListedResponse[];
}

/**
 * One entry: for the teacher, every medium with who appears in it, the preview of which families
 * will not see which photo and why, and the families' responses to moderate; for a family, the
 * media their rights allow, and their own comments and reaction.
 */
export async function loadEntryPage(dataSource: DataSource, actor: Actor, entryId: string, now: Date): Promise<EntryPage> {
  const { entry, facts } = await loadEntryFor(dataSource.manager, actor, entryId, 'view', now);
  const klass = (await loadClassContext(dataSource.manager, entry.classId, now))!;
  const canPublish = can(actor, 'publish', { kind: 'portfolioEntry', ...facts });
  const details = await loadEntryDetails(dataSource, [entry.id]);
  const consents = await currentImageConsents(dataSource, entry.schoolId, [...new Set(details.tags.map((tag) => tag.pupilId))], now, consentPurposeOf(entry));
  const media = visibleMediaOf(actor, facts, entry.id, details, consents)
    .map((medium) => ({
      id: medium.id,
      kind: medium.kind,
      fileName: medium.fileName,
      hasScreen: medium.hasScreen,
      // Renditions keep the photo's proportions: the page reserves its place before it arrives.
      width: medium.width,
      height: medium.height,
      // Who appears is shown to the teachers only: a family sees the photo, not a list of names.
      appearing: canPublish ? details.tags.filter((tag) => tag.mediumId === medium.id).map((tag) => tag.pupilId) : [],
    }));
  const classPupils = canPublish ? await classRoster(dataSource, entry.schoolId, entry.classId, now) : [];
  return {
    entry,
    timezone: klass.timezone,
    className: klass.className,
    canPublish,
    canRespond: can(actor, 'respond', { kind: 'portfolioEntry', ...facts }),
    media,
    skills: details.skills.map(({ label, domainLabel, level }) => ({ label, domainLabel, level })),
    classPupils: classPupils.map((pupil) => ({ id: pupil.id, givenName: pupil.givenName, familyName: pupil.familyName, imageConsent: pupil.imageConsent })),
    preview: canPublish ? await previewVisibility(dataSource, actor, entry.id, now) : undefined,
    responses: await listResponses(dataSource, actor, entry.id, now),
  };
}
