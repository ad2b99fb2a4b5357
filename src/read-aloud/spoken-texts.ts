import type { ModuleContext } from '../context.js';
import { isUiLanguage } from '../i18n/languages.js';
import { loadMessageFor } from '../messaging/load-message.js';
import type { Actor } from '../policy/actor.js';
import { loadEntryPage } from '../portfolio/entry-page.js';
import { loadSkillsDashboard } from '../portfolio/skills-dashboard.js';
import { pageTranslation, translateDashboardGroup, translateEntry } from '../portfolio/translate-entries.js';
import { SCHOOL_LANGUAGE } from '../translate/school-language.js';
import type { ReaderTexts } from '../translate/reader-texts.js';
import { notFound } from '../http/errors.js';
import type { SkillLevel } from '../model/entry-skill.js';

/** A text to read aloud, in the language it is shown in. */
export interface SpokenText {
  readonly text: string;
  readonly language: string;
}

type Deps = Pick<ModuleContext, 'dataSource' | 'clock' | 'translator'>;

/**
 * A message's subject and words as its reader sees them (translated unless the reader asked for
 * the original, or wrote it). The policy decides as for reading it: a listener hears only what
 * they may read; a recalled message has nothing left to hear.
 */
export async function spokenMessage(deps: Deps, actor: Actor, texts: ReaderTexts, messageId: string): Promise<SpokenText> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'read');
  if (message.recalledAt !== null) throw notFound();
  if (message.senderId === actor.personId) return { text: joinSentences([message.subject, message.body]), language: message.language };
  const [subject, body] = await Promise.all([message.subject ? texts.show(message.subject, message.language) : Promise.resolve(null), texts.show(message.body, message.language)]);
  return { text: joinSentences([subject?.text ?? null, body.text]), language: body.language };
}

/** An entry as its page shows it: title, comment, and each skill with its level; the policy decides as for viewing it. */
export async function spokenEntry(deps: Deps, actor: Actor, texts: ReaderTexts, entryId: string): Promise<SpokenText> {
  const page = await loadEntryPage(deps.dataSource, actor, entryId, deps.clock.now());
  const entry = await translateEntry(texts, { ...page.entry, skills: page.skills });
  const language = entry.translation.language;
  const levels = await Promise.all(entry.skills.map((skill) => interfaceWords(deps, texts, language, `portfolio.level.${skill.level}`)));
  return {
    text: joinSentences([entry.title, entry.comment, ...entry.skills.map((skill, index) => `${skill.label} : ${levels[index]}`)]),
    language,
  };
}

/** A child's skills dashboard, group by group; the policy decides as for viewing it. */
export async function spokenSkills(deps: Deps, actor: Actor, texts: ReaderTexts, pupilId: string): Promise<SpokenText> {
  const dashboard = await loadSkillsDashboard(deps.dataSource, actor, pupilId, deps.clock.now());
  const groups = { successes: dashboard.successes, workingOn: dashboard.workingOn, nextSteps: dashboard.nextSteps };
  const translated = await Promise.all(Object.values(groups).map((group) => translateDashboardGroup(texts, group)));
  const language = pageTranslation(texts).language;
  const parts: string[] = [];
  for (const [index, key] of Object.keys(groups).entries()) {
    const skills = translated[index]!;
    if (skills.length === 0) continue;
    parts.push(await interfaceWords(deps, texts, language, `portfolio.skills.${key}`));
    for (const skill of skills) parts.push(`${skill.label} : ${await interfaceWords(deps, texts, language, `portfolio.level.${skill.level satisfies SkillLevel}`)}`);
  }
  return { text: joinSentences(parts), language };
}

/**
 * Words of the interface (a level, a heading) in the language of the reading: from its catalog
 * when e-carnet has one, else the French words translated like the rest of the text.
 */
async function interfaceWords(deps: Deps, texts: ReaderTexts, language: string, key: string): Promise<string> {
  if (isUiLanguage(language)) return deps.translator.forLanguage(language)(key);
  return (await texts.show(deps.translator.forLanguage(SCHOOL_LANGUAGE)(key), SCHOOL_LANGUAGE)).text;
}

/** Parts read one after the other, each ended as a sentence so the voice pauses between them. */
function joinSentences(parts: readonly (string | null)[]): string {
  return parts
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .map((part) => (/[.!?…。؟]$/.test(part) ? part : `${part}.`))
    .join('\n');
}
