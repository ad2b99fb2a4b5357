import type { Request } from 'express';

/**
 * True when a launch came back without its state cookie because e-carnet is served over plain
 * http while the ENT is another site: over http the cookie can only be `SameSite=Lax` (browsers
 * refuse `SameSite=None` without `Secure`), and a Lax cookie never rides on another site's form
 * post, which is how every platform returns the id_token. Then no new window can help either
 * (it posts across sites too): only serving e-carnet over https does. The site is read from
 * `Sec-Fetch-Site` where browsers send it, else from the `Origin` header's host.
 */
export function cookieWithheldOverPlainHttp(req: Request, toolBaseUrl: string): boolean {
  const tool = new URL(toolBaseUrl);
  if (tool.protocol !== 'http:') return false;
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'cross-site';
  const origin = req.get('origin');
  if (origin === undefined || origin === 'null') return false;
  try {
    return new URL(origin).hostname !== tool.hostname;
  } catch {
    return false;
  }
}
