import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { notFound } from '../http/errors.js';
import { isUiLanguage, type UiLanguage } from '../i18n/languages.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { describeCharterRules, fillCharterMarkers, type CharterRules } from './charter-rules.js';

/** The charter as one reader sees it. */
export interface CharterView {
  readonly schoolId: string;
  readonly schoolName: string;
  /** 0 while the director has not published one: the default text is shown, nobody is asked to acknowledge it. */
  readonly version: number;
  /** The director's text with its markers (for the editing form). */
  readonly body: string;
  readonly language: string;
  /** What the reader reads: the markers filled from the settings, translated when asked and possible. */
  readonly text: string;
  readonly shownAs: 'original' | 'translated' | 'translationUnavailable';
  /** The rules from the settings, in the reader's language, shown beside the text. */
  readonly rules: CharterRules;
  readonly acknowledgedAt: Date | null;
  readonly mayEdit: boolean;
  readonly mayAcknowledge: boolean;
}

const readCharterRow = rowReader({
  name: column.text,
  settingsJson: column.text,
  body: column.nullableText,
  language: column.nullableText,
  version: column.nullableNumber,
});

/**
 * The school's charter for a reader (anyone of the school's community), in their language:
 * the director's text, or the default one until the director publishes theirs. The markers are
 * filled from the school's settings in the text's language and the whole is then translated
 * (`showOriginal` skips it), while the rules block is written in the reader's language.
 */
export async function readCharter(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'translator'> & { readonly messaging: Pick<ModuleContext['messaging'], 'translator'> },
  actor: Actor,
  schoolId: string,
  readerLanguage: UiLanguage,
  showOriginal: boolean,
): Promise<CharterView> {
  if (!can(actor, 'view', { kind: 'charter', schoolId })) throw notFound();
  const rows = await queryRows(
    deps.dataSource,
    readCharterRow,
    `SELECT s.name AS name, s.settingsJson AS settingsJson, c.body AS body, c.language AS language, c.version AS version
       FROM school s LEFT JOIN school_charter c ON c.schoolId = s.id WHERE s.id = ?`,
    [schoolId],
  );
  const row = rows[0];
  if (!row) throw notFound();
  const settings = readSchoolSettings(row);
  const language = row.language !== null && isUiLanguage(row.language) ? row.language : readerLanguage;
  const body = row.body ?? deps.translator.forLanguage(language)('charter.defaultText');
  const filled = fillCharterMarkers(body, describeCharterRules(settings, deps.translator.forLanguage(language), language));
  const translation = showOriginal ? ({ status: 'original' } as const) : await deps.messaging.translator.translate(filled, language, readerLanguage, deps.clock.now());
  const version = row.version ?? 0;
  const acknowledged = version === 0 ? [] : await queryRows(
    deps.dataSource,
    rowReader({ acknowledgedAt: column.instant }),
    'SELECT acknowledgedAt FROM charter_acknowledgement WHERE schoolId = ? AND guardianId = ? AND version = ?',
    [schoolId, actor.personId, version],
  );
  return {
    schoolId,
    schoolName: row.name,
    version,
    body,
    language,
    text: translation.status === 'translated' ? translation.text : filled,
    shownAs: translation.status === 'translated' ? 'translated' : translation.status === 'unavailable' ? 'translationUnavailable' : 'original',
    rules: describeCharterRules(settings, deps.translator.forLanguage(readerLanguage), readerLanguage),
    acknowledgedAt: acknowledged[0]?.acknowledgedAt ?? null,
    mayEdit: can(actor, 'edit', { kind: 'charter', schoolId }),
    mayAcknowledge: version > 0 && can(actor, 'acknowledge', { kind: 'charter', schoolId }),
  };
}
