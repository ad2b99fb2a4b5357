import type { MessageAudience } from '../model/message.js';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import type { SchoolKind } from '../model/school.js';

/** A pupil's own thread with a teacher: whose it is, and whether their guardians may read it. */
export interface PupilExchange {
  readonly pupilId: string;
  readonly parentsMayRead: boolean;
}

/**
 * Whether the school lets its pupils write to their teachers. Unset, it follows the kind of
 * school: a collège or lycée pupil has teachers to ask at home, an école pupil is young and the
 * family is the school's contact, so it stays off there (and where the kind is unknown).
 */
export function pupilsMayWriteIn(school: { kind: SchoolKind | null; settings: SchoolSettings }): boolean {
  return school.settings.messaging.pupilsMayWrite ?? (school.kind === 'college' || school.kind === 'lycee');
}

/**
 * The pupil exchange a message belongs to, read from its thread's first message (a pupil's
 * message to a teacher, whose `pupilId` is the pupil) and its school's settings; null for any
 * other thread. The settings are parsed only for such threads.
 */
export function pupilExchangeOf(row: { threadAudience: MessageAudience; pupilId: string | null; schoolSettingsJson: string }): PupilExchange | null {
  if (row.threadAudience !== 'pupilToTeacher' || row.pupilId === null) return null;
  return { pupilId: row.pupilId, parentsMayRead: readSchoolSettings({ settingsJson: row.schoolSettingsJson }).messaging.parentsReadPupilMessages };
}
