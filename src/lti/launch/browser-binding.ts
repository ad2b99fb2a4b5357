import type { Request } from 'express';
import type { LtiLogin } from '../../model/lti-login.js';
import { sameSecret, sha256Hex } from '../secrets.js';
import { hasStateCookie } from '../login/state-cookie.js';

/**
 * How a launch proved it comes from the browser that started the login:
 * - `cookie`: the state cookie came back;
 * - `storage`: our own page read the secret back from the platform's postMessage storage;
 * - `checkStorage`: no cookie, but the login put a secret in platform storage: read it first;
 * - `unbound`: neither; the login can only be started again in a new window.
 * Only `cookie` and `storage` let a launch through: there is no mode that skips the check.
 */
export type BrowserBinding = 'cookie' | 'storage' | 'checkStorage' | 'unbound';

/**
 * Decides the binding. A storage secret is accepted only from a same-origin form post (our own
 * page that read it, origin-checked, from the platform's frame), never from another site's form.
 */
export function browserBinding(req: Request, login: LtiLogin, state: string, storageSecret: string | undefined, toolOrigin: string): BrowserBinding {
  if (storageSecret !== undefined) {
    const fromOurPage = isSameOriginPost(req, toolOrigin);
    return fromOurPage && login.bindingHash !== null && sameSecret(sha256Hex(storageSecret), login.bindingHash) ? 'storage' : 'unbound';
  }
  if (hasStateCookie(req, state)) return 'cookie';
  return login.storageTarget !== null && login.bindingHash !== null ? 'checkStorage' : 'unbound';
}

/** A POST sent by one of our own pages: `Sec-Fetch-Site` where browsers send it, else the `Origin` header. */
export function isSameOriginPost(req: Request, toolOrigin: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  return req.get('origin') === toolOrigin;
}
