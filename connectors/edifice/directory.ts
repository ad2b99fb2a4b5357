import type { ClassDirectory, DirectoryPupil, FetchJson } from '../../src/connectors/contract.js';

/** The ENT never returns more pages than this for one class; a safety stop, not a limit met in practice. */
const MAX_PAGES = 100;

function pupilOf(raw: unknown): DirectoryPupil | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const user = raw as Record<string, unknown>;
  const id = typeof user.id === 'string' ? user.id : undefined;
  const givenName = typeof user.firstName === 'string' ? user.firstName : undefined;
  const familyName = typeof user.lastName === 'string' ? user.lastName : undefined;
  if (!id || !givenName || !familyName) return undefined;
  const externalRef = typeof user.externalId === 'string' ? user.externalId : undefined;
  const birthDate = typeof user.birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(user.birthDate) ? user.birthDate : undefined;
  return { subject: id, givenName, familyName, ...(externalRef ? { externalRef } : {}), ...(birthDate ? { birthDate } : {}) };
}

/**
 * The pupils of a class from the ENT directory (`GET <directory>/class/<id>/users?type=Student&page=N`),
 * page after page until an empty page.
 */
export function edificeDirectory(directoryUrl: string, scopes: readonly string[]): ClassDirectory {
  return {
    scopes,
    async classRoster(fetchJson: FetchJson, classExternalRef: string): Promise<readonly DirectoryPupil[]> {
      const pupils: DirectoryPupil[] = [];
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const url = new URL(`${directoryUrl}/class/${encodeURIComponent(classExternalRef)}/users`);
        url.searchParams.set('type', 'Student');
        url.searchParams.set('page', String(page));
        const body = await fetchJson(url);
        if (!Array.isArray(body) || body.length === 0) break;
        for (const raw of body) {
          const pupil = pupilOf(raw);
          if (pupil) pupils.push(pupil);
        }
      }
      return pupils;
    },
  };
}
