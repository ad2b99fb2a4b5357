import type { ConnectorRegistry } from '../connectors/registry.js';

/** A way to sign in, as the choice page shows it. */
interface SignInMethod {
  readonly id: string;
  readonly name: string;
  readonly href: string;
}

const UAI = /^\d{7}[A-Z]$/;

/**
 * The sign-in methods of a school (its UAI in `?school=`), or of every school when none is named:
 * each enabled SAML, OIDC or CAS connector, with the return path carried along.
 */
export function signInMethods(registry: ConnectorRegistry, basePath: string, school: unknown, next: string): SignInMethod[] {
  const uai = typeof school === 'string' && UAI.test(school.toUpperCase()) ? school.toUpperCase() : undefined;
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  return registry.signInConnectors(uai).map((loaded) => ({
    id: loaded.id,
    name: loaded.displayName,
    href: `${basePath}/auth/${loaded.connector.protocol}/${loaded.id}/login${query}`,
  }));
}
