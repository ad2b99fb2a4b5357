import type { ActiveSession } from '../auth/session-store.js';
import type { Translate } from '../i18n/translator.js';
import type { UiLanguage } from '../i18n/languages.js';
import type { Actor } from '../policy/actor.js';

/*
 * What e-carnet's middleware adds to each request. Declared once here so that handlers are typed
 * without casts.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The live session, when the request carried a valid session cookie. */
      ecarnetSession?: ActiveSession;
      /** True when a session cookie came with the request, valid or not (to tell "expired" apart). */
      sessionCookieSent?: boolean;
      /** The signed-in person's rights, loaded by `requireSignIn`. */
      actor?: Actor;
      /** Where the module is mounted ('' at the root of a host), for links, redirects and cookies. */
      basePath: string;
      /** Interface language of this request. */
      language: UiLanguage;
      /** Translation into `language`. */
      t: Translate;
      /**
       * Whether the CSRF token was checked: true once it was, false while a streamed multipart
       * form still has to show it in its first field, absent on safe or exempted requests.
       */
      csrfVerified?: boolean;
      /** Text fields of a form that was refused before its handler read them, kept to give back. */
      typedFields?: Readonly<Record<string, string | string[]>>;
    }
  }
}

export {};
