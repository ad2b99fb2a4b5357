import type { Request } from 'express';
import type { ModuleContext } from '../context.js';
import { ReaderTexts } from './reader-texts.js';
import { readerLanguageOf } from './reader-language.js';

/**
 * The translations of a page for whoever reads it: a signed-in person's own language, else
 * `language` (a code's or a link's family language), else the page's. `original` is the
 * page's `?original=1`: the words as written, one tap away from the translation.
 */
export async function pageReaderTexts(
  context: Pick<ModuleContext, 'dataSource' | 'clock' | 'messaging'>,
  req: Request,
  original: boolean,
  language?: string,
): Promise<ReaderTexts> {
  const readerLanguage = language ?? (await readerLanguageOf(context.dataSource, req.ecarnetSession?.personId ?? undefined, req.language));
  return new ReaderTexts(context.messaging.translator, readerLanguage, original, context.clock.now());
}

/**
 * The links of a translated page: the same address with `original=1` (the words as written) and
 * without it (the translation), keeping the page's other query values (a timeline's cursor),
 * and the query of its "listen" addresses.
 */
export function translationLinks(req: Request): { originalHref: string; translatedHref: string; listenQuery: string } {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value === 'string' && name !== 'original' && name !== 'lang') query.set(name, value);
  }
  const translated = query.toString();
  query.set('original', '1');
  // Reading aloud reads what the page shows: the words as written when the page shows them.
  const listenQuery = req.query.original === '1' ? '?original=1' : '';
  return { originalHref: `?${query.toString()}`, translatedHref: `?${translated}`, listenQuery };
}
