import { SKILL_LEVELS } from '../model/entry-skill.js';
import { MOMENT_KINDS, REACTIONS } from '../model/index.js';

/**
 * The words a timeline page repeats for every entry (reactions, levels, kinds of moments,
 * "download"), translated once per page: a page of twenty entries otherwise asks the catalog
 * hundreds of times, which was most of its rendering time.
 */
export function timelineLabels(t: (key: string) => string) {
  const table = (keys: readonly string[], prefix: string) => Object.fromEntries(keys.map((key) => [key, t(`${prefix}.${key}`)]));
  return {
    reactions: REACTIONS.map((value) => ({ value, label: t(`portfolio.reaction.${value}`) })),
    levels: table(SKILL_LEVELS, 'portfolio.level'),
    moments: table(MOMENT_KINDS, 'portfolio.moment'),
    untitled: t('portfolio.entry.untitled'),
    download: t('portfolio.media.download'),
    video: t('portfolio.media.video'),
    audio: t('portfolio.media.audio'),
    document: t('portfolio.media.document'),
  };
}
