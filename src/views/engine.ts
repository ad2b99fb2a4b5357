import { ExpressHandlebars } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import path from 'node:path';
import type { Translate } from '../i18n/translator.js';
import { languageNameIn, nativeLanguageName } from '../i18n/languages.js';
import { VIEWS_DIR } from '../paths.js';
import { formatExpiry } from './expiry-format.js';
import { dateTimeFormat } from '../i18n/intl-formats.js';
import { bidiIsolate } from '../i18n/bidi-isolate.js';

/** Values every page receives (set by the language middleware and the routers). */
interface PageRoot {
  t?: Translate;
  lang?: string;
  /** The school's time zone, when the page is about one school. */
  timezone?: string;
}

/**
 * The Handlebars engine: `views/layouts/main.hbs` wraps every page, `views/partials/` holds
 * shared fragments. Every string printed is escaped by Handlebars; no helper returns raw HTML.
 */
export function createViewEngine(): ExpressHandlebars {
  return new ExpressHandlebars({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(VIEWS_DIR, 'layouts'),
    partialsDir: path.join(VIEWS_DIR, 'partials'),
    helpers: {
      /** `{{t "home.title" name=person.givenName}}` */
      t(this: unknown, key: string, options: HelperOptions): string {
        const root = options.data?.root as PageRoot | undefined;
        return root?.t ? root.t(key, options.hash as Record<string, unknown>) : key;
      },
      eq: (a: unknown, b: unknown): boolean => a === b,
      /** `{{#if (gt count 5)}}`: a number above another. */
      gt: (a: unknown, b: unknown): boolean => Number(a) > Number(b),
      /** `{{t (concat "status." status)}}`: builds a catalog key from parts. */
      concat: (...parts: unknown[]): string => parts.slice(0, -1).map(String).join(''),
      /** `{{#each (array 1 2 3)}}`: a short fixed list, such as three skill rows. */
      array: (...items: unknown[]): unknown[] => items.slice(0, -1),
      /** `{{inc @index}}`: a position counted from 1. */
      inc: (value: unknown): number => Number(value) + 1,
      /** `{{isoDate at}}`: a machine-readable instant for `<time datetime>`. */
      isoDate: (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString(),
      /** `{{#if (includes list value)}}`: membership, e.g. a ticked checkbox. */
      includes: (list: unknown, value: unknown): boolean => Array.isArray(list) && list.includes(value),
      /** A list of names separated by commas. */
      join: (items: unknown): string => (Array.isArray(items) ? items.map(String).join(', ') : ''),
      /** A language's name in that language, for lists a family picks its language from: `{{nativeLanguageName "ar"}}` → "العربية". */
      nativeLanguageName: (code: unknown): string => nativeLanguageName(String(code)),
      /** The name of a language in the page's language: `{{languageName "es"}}` → "espagnol". */
      languageName(this: unknown, code: unknown, options: HelperOptions): string {
        const root = options.data?.root as PageRoot | undefined;
        return languageNameIn(root?.lang ?? 'fr', String(code));
      },
      /** A date and time in the page's language and the school's zone (Paris when the page names none). */
      dateTime(this: unknown, value: unknown, options: HelperOptions): string {
        const root = options.data?.root as PageRoot | undefined;
        const date = value instanceof Date ? value : new Date(String(value));
        return dateTimeFormat(root?.lang ?? 'fr', { dateStyle: 'medium', timeStyle: 'short', timeZone: root?.timezone ?? 'Europe/Paris' }).format(date);
      },
      /**
       * `{{weekdayTime slot zone=school.timezone}}`: a weekly moment as families say it ("vendredi
       * 16 h 30"), in the page's language and the school's zone (`zone`, else the page's);
       * French writes hours with "h", as the school does.
       */
      weekdayTime(this: unknown, value: unknown, options: HelperOptions): string {
        const root = options.data?.root as PageRoot | undefined;
        const date = value instanceof Date ? value : new Date(String(value));
        const language = root?.lang ?? 'fr';
        const text = dateTimeFormat(language, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: (options.hash as { zone?: string }).zone ?? root?.timezone ?? 'Europe/Paris' }).format(date);
        return language === 'fr' ? text.replace(/(\d{1,2}):(\d{2})/, '$1 h $2') : text;
      },
      /**
       * `{{expiry qr.expiresAt qr.createdAt}}`: when a code stops working, with its time only when
       * it lasts under a day (see `formatExpiry`), in the school's zone.
       */
      expiry(this: unknown, until: unknown, from: unknown, options: HelperOptions): string {
        const root = options.data?.root as PageRoot | undefined;
        const asDate = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));
        return formatExpiry(asDate(until), asDate(from), root?.lang ?? 'fr', root?.timezone ?? 'Europe/Paris');
      },
      /** `{{t "messaging.from" name=(bidiIsolate senderName)}}`: a person's words kept in their own direction inside a sentence. */
      bidiIsolate: (text: unknown): string => bidiIsolate(String(text ?? '')),
      /** `{{fullName person}}`: given name then family name. */
      fullName: (person: { givenName?: string; familyName?: string } | undefined): string =>
        person ? `${person.givenName ?? ''} ${person.familyName ?? ''}`.trim() : '',
    },
  });
}

