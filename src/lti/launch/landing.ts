import { resourcePath, type PlaceableResource } from '../deep-linking/resources.js';
import { launchablePath } from '../login/target-link.js';
import type { LaunchRoles } from './roles.js';

/** What decides where a launch lands. */
export interface LandingFacts {
  /** The resource a placed link names in its custom parameters. */
  readonly placed: PlaceableResource | undefined;
  readonly targetLinkUri: string | undefined;
  readonly roles: LaunchRoles;
  /** The context's class, when there is one and it was needed. */
  readonly classId: string | undefined;
}

/**
 * Where a launch lands: the page of the resource a placed link names (its custom parameters, so
 * a link keeps working when the page of its kind moves), else the page its target link names,
 * else, for a plain launch of the tool, a teacher lands in the context's class and everyone else
 * at home. Only paths of the launch allow-list are ever returned.
 */
export function landingPath(baseUrl: string, facts: LandingFacts): string {
  const placed = facts.placed === undefined ? undefined : launchablePath(baseUrl, `${baseUrl}${resourcePath(facts.placed)}`);
  if (placed !== undefined) return placed;
  const target = facts.targetLinkUri === undefined ? undefined : launchablePath(baseUrl, facts.targetLinkUri);
  if (target !== undefined && target !== '/' && target !== '/lti/launch') return target;
  if (facts.roles.teacher && facts.classId !== undefined) return `/classes/${facts.classId}`;
  return '/home';
}
