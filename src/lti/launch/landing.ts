import type { DataSource } from 'typeorm';
import { resourceAtPath, type PlaceableResource } from '../deep-linking/resources.js';
import { launchablePath } from '../login/target-link.js';
import { placedLanding } from './placed-landing.js';
import type { LaunchRoles } from './roles.js';

/** What decides where a launch lands. */
interface LandingFacts {
  /** The resource a placed link names in its custom parameters. */
  readonly placed: PlaceableResource | undefined;
  readonly targetLinkUri: string | undefined;
  readonly roles: LaunchRoles;
  /** The context's class, when there is one and it was needed. */
  readonly classId: string | undefined;
  /** The person the launch signed in. */
  readonly personId: string;
}

/**
 * Where a launch lands. A placed link (named by its custom parameters, so it keeps working when the
 * page of its kind moves, else by its target link) lands each person on a page they may open and
 * that is useful to them (see `placedLanding`): the same link serves the whole course, teachers,
 * pupils and families alike. Another target on the launch allow-list is opened as it is; a plain
 * launch of the tool lands a teacher in the context's class and everyone else at home.
 */
export async function landingPath(dataSource: DataSource, baseUrl: string, facts: LandingFacts, now: Date): Promise<string> {
  const target = facts.targetLinkUri === undefined ? undefined : launchablePath(baseUrl, facts.targetLinkUri);
  const placed = facts.placed ?? (target === undefined ? undefined : resourceAtPath(target));
  if (placed !== undefined) return placedLanding(dataSource, placed, facts.personId, now);
  if (target !== undefined && target !== '/' && target !== '/lti/launch') return target;
  if (facts.roles.teacher && facts.classId !== undefined) return `/classes/${facts.classId}`;
  return '/home';
}
