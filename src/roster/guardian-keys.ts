import type { RosterGuardianRecord, RosterPupilRecord } from '../connectors/contract.js';
import { comparableName } from '../auth/find-pupil-by-claim.js';

interface NamedGuardian {
  readonly key: string;
  readonly emails: Set<string>;
  readonly phones: Set<string>;
}

const comparable = (name: string) => comparableName(name) || name.trim().toLowerCase();
const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/** A guardian's contact details do not contradict what is known of a person of the same names. */
function compatible(person: NamedGuardian, guardian: RosterGuardianRecord): boolean {
  const email = guardian.email?.trim().toLowerCase();
  const phone = guardian.phone ? phoneDigits(guardian.phone) : '';
  return (!email || person.emails.size === 0 || person.emails.has(email)) && (!phone || person.phones.size === 0 || person.phones.has(phone));
}

/**
 * Who each guardian line of a file designates, as a key shared by the lines of one person: the
 * records' id (PERSONNE_ID) when given; else the names. Contact details do not split a person (a
 * mother with her e-mail on one sibling's line only is one person), but contradict one: two
 * guardians of the same names whose e-mails or phones differ are two people. Keys are given in
 * file order, so the same file always gives the same keys.
 */
export function guardianKeysOf(records: readonly RosterPupilRecord[]): ReadonlyMap<RosterGuardianRecord, string> {
  const keys = new Map<RosterGuardianRecord, string>();
  const byNames = new Map<string, NamedGuardian[]>();
  for (const record of records) {
    for (const guardian of record.guardians) {
      if (guardian.externalRef) {
        keys.set(guardian, `ref:${guardian.externalRef}`);
        continue;
      }
      const names = `${comparable(guardian.givenName)}|${comparable(guardian.familyName)}`;
      const namesakes = byNames.get(names) ?? [];
      let person = namesakes.find((candidate) => compatible(candidate, guardian));
      if (!person) {
        person = { key: `name:${names}#${namesakes.length + 1}`, emails: new Set(), phones: new Set() };
        byNames.set(names, [...namesakes, person]);
      }
      if (guardian.email) person.emails.add(guardian.email.trim().toLowerCase());
      if (guardian.phone) person.phones.add(phoneDigits(guardian.phone));
      keys.set(guardian, person.key);
    }
  }
  return keys;
}
