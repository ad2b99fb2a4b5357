import type { Person } from '../../src/model/index.js';
import { messagingSchool, type MessagingSchool } from '../messaging/fixture.js';

/** A messaging school with more families in class A, so that many parents can race for one slot. */
export interface MeetingSchool extends MessagingSchool {
  readonly tag: string;
  /** Guardians (full authority) of other children of class A. */
  readonly moreParents: readonly Person[];
}

/** Builds the school; `extraFamilies` children of class A with one guardian each. */
export async function meetingSchool(extraFamilies = 6): Promise<MeetingSchool> {
  const school = await messagingSchool();
  const moreParents: Person[] = [];
  for (let index = 0; index < extraFamilies; index += 1) {
    const child = await school.factory.pupil(school.classA, { givenName: `Enfant${index}` });
    moreParents.push(await school.factory.guardian([child], { person: await school.factory.person({ email: `parent${index}.${school.tag}@example.org` }) }));
  }
  return { ...school, moreParents };
}

/** A slot at `time` (UTC) on 26 November 2026, a Thursday: 15:30Z is 16:30 in Paris. */
export const slotAt = (time: string, minutes = 20, place: { placeKind?: string; placeDetail?: string } = {}) => ({
  startsAt: `2026-11-26T${time}:00Z`,
  minutes,
  placeKind: place.placeKind ?? 'inPerson',
  placeDetail: place.placeDetail ?? 'Salle 12',
});
