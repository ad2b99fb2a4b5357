import type { DataSource } from 'typeorm';
import { listFollowedChildren } from '../directory/followed-children.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** The pupil's own portfolio, if the policy opens it to them in one of their schools. */
export function ownPortfolioOf(actor: Actor): string | null {
  const classIds = [...actor.enrolledClassIds];
  const opens = [...actor.rolesBySchool.entries()].some(
    ([schoolId, roles]) => roles.has('pupil') && can(actor, 'view', { kind: 'portfolio', schoolId, pupilId: actor.personId, classIds }),
  );
  return opens ? actor.personId : null;
}

/**
 * Where the bottom navigation's "Carnet" leads (a path under the base path): the one portfolio
 * the person has, or the home page's list when there are several to choose from (or none).
 */
export async function portfolioPlaceOf(dataSource: DataSource, actor: Actor, now: Date): Promise<string> {
  const own = ownPortfolioOf(actor);
  if (own !== null) return `/children/${own}/portfolio`;
  const children = actor.guardianships.size > 0 ? await listFollowedChildren(dataSource, actor, now) : [];
  const places = [...children.map((child) => `/children/${child.id}/portfolio`), ...[...actor.taughtClassIds].map((classId) => `/classes/${classId}/portfolio`)];
  return places.length === 1 ? places[0]! : '/home#portfolios';
}
