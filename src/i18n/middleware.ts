import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { cookieAttributes } from '../auth/session-manager.js';
import { isUiLanguage, nativeLanguageName, parseAcceptLanguage, pickLanguage, textDirection, UI_LANGUAGES, type UiLanguage } from './languages.js';
import type { Translator } from './translator.js';

const LANGUAGE_COOKIE = 'ecarnet_lang';
const ONE_YEAR_MS = 365 * 24 * 3_600_000;

function askedLanguage(req: Request): UiLanguage | undefined {
  return typeof req.query.lang === 'string' && isUiLanguage(req.query.lang) ? req.query.lang : undefined;
}

/**
 * The interface language of a request, in this order: `?lang=`, the preference cookie, the
 * session's language, the browser's languages, French. Also used by the error handler for
 * errors raised before this middleware ran.
 */
export function chooseLanguage(req: Request): UiLanguage {
  const remembered = req.headers.cookie ? parseCookies(req.headers.cookie)[LANGUAGE_COOKIE] : undefined;
  return pickLanguage([askedLanguage(req), remembered, req.ecarnetSession?.language, ...parseAcceptLanguage(req.get('accept-language'))]);
}

/**
 * True when this browser chose its interface language (`?lang=` or the preference cookie): a
 * page that would otherwise follow someone else's choice (a code's family language) keeps it.
 */
export function interfaceLanguageChosen(req: Request): boolean {
  return askedLanguage(req) !== undefined || Boolean(req.headers.cookie && parseCookies(req.headers.cookie)[LANGUAGE_COOKIE]);
}

/**
 * Sets a page's interface language after the middleware chose one: `req.t` and the views' `t`,
 * `lang`, `dir` and the switcher's current language.
 */
export function useInterfaceLanguage(req: Request, res: Response, translator: Translator, language: UiLanguage): void {
  req.language = language;
  req.t = translator.forLanguage(language);
  res.locals.t = req.t;
  res.locals.lang = language;
  res.locals.dir = textDirection(language);
  const languages = res.locals.languages as { code: string; current: boolean }[] | undefined;
  res.locals.languages = languages?.map((entry) => ({ ...entry, current: entry.code === language }));
}

/**
 * Keeps an interface language for the next pages of this browser (the preference cookie, which
 * comes before the session's language): a choice made in the switcher or in the person's
 * preferences takes effect at once, not at the next sign-in.
 */
export function rememberInterfaceLanguage(req: Request, res: Response, language: UiLanguage, crossSiteCookies: boolean): void {
  res.cookie(LANGUAGE_COOKIE, language, { ...cookieAttributes(req, crossSiteCookies), maxAge: ONE_YEAR_MS });
}

/**
 * Sets the request's interface language (`chooseLanguage`), remembers a `?lang=` choice in a
 * preference cookie, and exposes `t`, `lang`, `dir` and the switcher's links to views.
 */
export function languageMiddleware(translator: Translator, crossSiteCookies: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = askedLanguage(req);
    if (asked) rememberInterfaceLanguage(req, res, asked, crossSiteCookies);
    req.language = chooseLanguage(req);
    req.t = translator.forLanguage(req.language);

    res.locals.t = req.t;
    res.locals.lang = req.language;
    res.locals.dir = textDirection(req.language);
    res.locals.languages = UI_LANGUAGES.map((code) => ({
      code,
      // Each in its own language, whatever the current one.
      name: nativeLanguageName(code),
      current: code === req.language,
      // Query-only: keeps the current page and can never point to another site (`//host/…` paths).
      href: `?lang=${code}`,
    }));
    res.locals.csrfToken = req.ecarnetSession?.csrfToken;
    res.locals.signedIn = Boolean(req.ecarnetSession?.personId);
    res.locals.signedInPerson = req.ecarnetSession?.person ?? null;
    next();
  };
}
