/**
 * Access policy: `can(actor, action, resource)` decides every access in e-carnet.
 * Routers load the actor with `loadActor` and describe resources with `describe*` helpers.
 */
export { can } from './can.js';
export { emptyActor, guardianshipKey, hasRole, ledSchoolIds, operatorActor, type Actor } from './actor.js';
export { loadActor } from './load-actor.js';
export { sharedViewerOf } from './shared-viewer.js';
export { ACTIONS, type ActionOn, type Resource, type ResourceKind, type ResourceOf } from './resources.js';
