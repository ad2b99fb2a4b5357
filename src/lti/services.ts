import type { ModuleContext } from '../context.js';
import { masterSecrets } from '../config/master-secrets.js';
import { ToolKeys } from './keys/tool-keys.js';
import { syncConfiguredPlatforms } from './platforms/configured-platforms.js';
import { PlatformKeySets } from './platforms/platform-key-sets.js';
import { PlatformOrigins } from './platforms/platform-origins.js';
import { ServiceTokens } from './roster/service-tokens.js';

/** What the LTI routers share within one app: caches live as long as the app. */
export interface LtiServices {
  readonly context: ModuleContext;
  /** Platforms' public keys, cached per their Cache-Control. */
  readonly platformKeys: PlatformKeySets;
  /** e-carnet's own signing keys. */
  readonly toolKeys: ToolKeys;
  /** Access tokens for the platforms' services (NRPS), cached until they expire. */
  readonly serviceTokens: ServiceTokens;
  /** The registrations' origins: the ENT that may frame e-carnet for the people it signed in. */
  readonly platformOrigins: PlatformOrigins;
  /**
   * Resolves once the platforms of `ECARNET_CONFIG` are in the database, and those it no longer
   * lists switched off. Every LTI entry point awaits it before reading a registration.
   */
  configuredPlatformsReady(): Promise<void>;
}

/**
 * Builds the services of one app; nothing runs until a request needs it. The configured platforms
 * are brought in by the first LTI request (`syncConfiguredPlatforms` is exported for a start-up
 * hook).
 */
export function createLtiServices(context: ModuleContext): LtiServices {
  const { config, dataSource, clock, logger } = context;
  const toolKeys = new ToolKeys(dataSource, masterSecrets(config), clock, logger);
  const platformOrigins = new PlatformOrigins(dataSource, clock, logger);
  let configured: Promise<void> | undefined;
  return {
    context,
    platformKeys: new PlatformKeySets(clock, logger, config.mode),
    toolKeys,
    serviceTokens: new ServiceTokens(toolKeys, clock, config.mode),
    platformOrigins,
    configuredPlatformsReady() {
      configured ??= syncConfiguredPlatforms(dataSource, config.platforms, clock.now(), config.mode)
        .then((refused) => {
          for (const entry of refused) logger.error({ issuer: entry.issuer, clientId: entry.clientId }, 'LTI platform of ECARNET_CONFIG refused: its endpoints must be https to a public address');
        })
        .catch((error: unknown) => {
          configured = undefined;
          throw error;
        });
      return configured;
    },
  };
}
