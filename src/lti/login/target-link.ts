import { LAUNCHABLE_PATHS } from '../deep-linking/resources.js';

/**
 * The page of e-carnet a `target_link_uri` opens, relative to the base URL, or undefined when it
 * points anywhere else: another site, outside the module's path, or a page not on the
 * allow-list. Launches redirect only there, so the login can never become an open redirect.
 */
export function launchablePath(baseUrl: string, targetLinkUri: string): string | undefined {
  let target: URL;
  try {
    target = new URL(targetLinkUri);
  } catch {
    return undefined;
  }
  const base = new URL(`${baseUrl}/`);
  if (target.origin !== base.origin || target.username !== '' || target.password !== '') return undefined;
  const basePath = base.pathname.replace(/\/$/, '');
  const path = target.pathname;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  const relative = path.slice(basePath.length) || '/';
  return LAUNCHABLE_PATHS.some((pattern) => pattern.test(relative)) ? relative : undefined;
}
