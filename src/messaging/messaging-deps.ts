import type { ModuleContext } from '../context.js';

/**
 * What the messaging services use, no Express types: the context's `messaging` member, which
 * carries the module's data source and clock beside messaging's own services, so that a
 * service asks for one object like every other service does.
 */
export type MessagingDeps = ModuleContext['messaging'];
