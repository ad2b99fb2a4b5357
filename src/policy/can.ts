import type { Actor } from './actor.js';
import type { ActionOn, ResourceKind, ResourceOf } from './resources.js';
import { RULES } from './rules.js';

/**
 * The one place where access is decided. Pure and synchronous: the caller loads the actor
 * (`loadActor`) and describes the resource from database rows; the answer depends on nothing else.
 *
 * @example can(actor, 'view', { kind: 'portfolio', schoolId, pupilId, classIds })
 */
export function can<K extends ResourceKind>(actor: Actor | undefined, action: ActionOn<K>, resource: ResourceOf<K>): boolean {
  if (actor === undefined) return false;
  const rulesForKind = RULES[resource.kind] as Record<string, (actor: Actor, resource: ResourceOf<K>) => boolean>;
  const rule = rulesForKind[action];
  return rule !== undefined && rule(actor, resource);
}
