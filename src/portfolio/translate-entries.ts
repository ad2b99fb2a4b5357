import { SCHOOL_LANGUAGE } from '../translate/school-language.js';
import { shownAsOfAll, type ReaderTexts, type ShownAs } from '../translate/reader-texts.js';

/** How an entry's words reach the reader, for the "translated from … · see the original" line. */
export interface EntryTranslation {
  readonly shownAs: ShownAs;
  /** The language the entry is shown in: the `lang` of its text, and the voice reading it aloud. */
  readonly language: string;
  readonly writtenIn: string;
}

/** What of an entry is translated: its title, its comment, and the names of its skills. */
interface TranslatableEntry {
  readonly title: string;
  readonly comment: string;
  readonly skills: readonly { readonly label: string; readonly domainLabel: string }[];
}

/**
 * Entries as their reader sees them: title, comment and skill names in the reader's language
 * (the school writes them in French), with how they were shown. Levels are interface words,
 * already in the reader's language.
 */
export async function translateEntries<E extends TranslatableEntry>(texts: ReaderTexts, entries: readonly E[]): Promise<(E & { translation: EntryTranslation })[]> {
  return Promise.all(entries.map((entry) => translateEntry(texts, entry)));
}

/** One entry as its reader sees it (see `translateEntries`). */
export async function translateEntry<E extends TranslatableEntry>(texts: ReaderTexts, entry: E): Promise<E & { translation: EntryTranslation }> {
  const [title, comment, skills] = await Promise.all([
    texts.show(entry.title, SCHOOL_LANGUAGE),
    texts.show(entry.comment, SCHOOL_LANGUAGE),
    translateSkills(texts, entry.skills),
  ]);
  const shownAs = shownAsOfAll([title, comment]);
  return {
    ...entry,
    title: title.text,
    comment: comment.text,
    skills,
    translation: { shownAs, language: shownAs === 'translated' ? texts.readerLanguage : SCHOOL_LANGUAGE, writtenIn: SCHOOL_LANGUAGE },
  };
}

/** Skill names and domains in the reader's language. */
export async function translateSkills<S extends { readonly label: string; readonly domainLabel: string }>(texts: ReaderTexts, skills: readonly S[]): Promise<S[]> {
  return Promise.all(
    skills.map(async (skill) => {
      const [label, domainLabel] = await Promise.all([texts.show(skill.label, SCHOOL_LANGUAGE), texts.show(skill.domainLabel, SCHOOL_LANGUAGE)]);
      return { ...skill, label: label.text, domainLabel: domainLabel.text };
    }),
  );
}

/** A group of the skills dashboard: skill names and the titles of the entries behind them, in the reader's language. */
export async function translateDashboardGroup<S extends { readonly label: string; readonly domainLabel: string; readonly evidence: readonly { readonly title: string }[] }>(
  texts: ReaderTexts,
  skills: readonly S[],
): Promise<S[]> {
  const named = await translateSkills(texts, skills);
  return Promise.all(
    named.map(async (skill) => ({
      ...skill,
      evidence: await Promise.all(skill.evidence.map(async (item) => ({ ...item, title: (await texts.show(item.title, SCHOOL_LANGUAGE)).text }))),
    })),
  );
}

/** How a whole page of the school's words reached the reader (the skills dashboard), once all its texts are shown. */
export function pageTranslation(texts: ReaderTexts): EntryTranslation {
  const shownAs = texts.overall();
  return { shownAs, language: shownAs === 'translated' ? texts.readerLanguage : SCHOOL_LANGUAGE, writtenIn: SCHOOL_LANGUAGE };
}
