import type { Actor } from './actor.js';
import type { ActionOn, ResourceKind, ResourceOf } from './resources.js';
import { RULES } from './rules.js';

/** What a QR or link viewer may look at: the child's portfolio, its entries and their media. */
const SHARED_VIEWER_KINDS: ReadonlySet<ResourceKind> = new Set(['portfolio', 'portfolioEntry', 'medium']);

/**
 * The one place where access is decided. Pure and synchronous: the caller loads the actor
 * (`loadActor`) and describes the resource from database rows; the answer depends on nothing else.
 *
 * @example can(actor, 'view', { kind: 'portfolio', schoolId, pupilId, classIds })
 */
export function can<K extends ResourceKind>(actor: Actor | undefined, action: ActionOn<K>, resource: ResourceOf<K>): boolean {
  if (actor === undefined) return false;
  // A QR or link viewer reads a portfolio; every other action (respond, export, contribute) and
  // every other kind of resource (classes, pupils' records, messages) stays closed to them.
  if (actor.sharedViewer && (action !== 'view' || !SHARED_VIEWER_KINDS.has(resource.kind))) return false;
  // An operator's session opens the operator console and nothing else: no school's pupils,
  // portfolios or messages, even if the same person also has a role somewhere.
  if (actor.operator) return resource.kind === 'operatorConsole';
  if (resource.kind === 'operatorConsole') return false;
  const rulesForKind = RULES[resource.kind] as Record<string, (actor: Actor, resource: ResourceOf<K>) => boolean>;
  const rule = rulesForKind[action];
  return rule !== undefined && rule(actor, resource);
}
