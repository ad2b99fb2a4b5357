import type { CachedTranslator } from './cached-translator.js';

/** How a text reaches its reader. */
export type ShownAs = 'original' | 'translated' | 'translationUnavailable';

/** One text as its reader sees it. */
export interface ShownText {
  readonly text: string;
  readonly shownAs: ShownAs;
  /** The language of `text` as shown, for the page's `lang` attribute and reading aloud. */
  readonly language: string;
  /** The language the text was written in. */
  readonly writtenIn: string;
}

/**
 * A page waits this long at most for its translations, whatever the provider's own time limit:
 * after it the words are shown as written, with the "translation unavailable" notice.
 */
const PAGE_DEADLINE_MS = 4000;

/**
 * Translates the texts a page shows into its reader's language, all at once through the cache,
 * within one deadline. Never throws and never holds a page back: a text the provider cannot
 * translate in time is shown as written.
 */
export class ReaderTexts {
  private readonly deadline: Promise<'late'>;
  private timer: NodeJS.Timeout | undefined;
  private readonly shown: ShownText[] = [];

  constructor(
    private readonly translator: CachedTranslator,
    /** The reader's language; texts already in it are shown as written. */
    readonly readerLanguage: string,
    /** The reader asked for the words as written ("see the original"). */
    readonly showOriginal: boolean,
    private readonly now: Date,
    deadlineMs = PAGE_DEADLINE_MS,
  ) {
    this.deadline = new Promise((resolve) => {
      this.timer = setTimeout(() => resolve('late'), deadlineMs);
      this.timer.unref();
    });
  }

  /** One text written in `language`, as this reader sees it. */
  async show(text: string, language: string): Promise<ShownText> {
    const shown = await this.shownText(text, language);
    this.shown.push(shown);
    return shown;
  }

  /** How the page's texts so far were shown, as a whole (see `shownAsOfAll`). */
  overall(): ShownAs {
    return shownAsOfAll(this.shown);
  }

  private async shownText(text: string, language: string): Promise<ShownText> {
    const asWritten = (shownAs: ShownAs): ShownText => ({ text, shownAs, language, writtenIn: language });
    if (this.showOriginal || text.trim() === '') return asWritten('original');
    const outcome = await Promise.race([this.translator.translate(text, language, this.readerLanguage, this.now), this.deadline]);
    if (outcome === 'late' || outcome.status === 'unavailable') return asWritten('translationUnavailable');
    if (outcome.status === 'original') return asWritten('original');
    return { text: outcome.text, shownAs: 'translated', language: this.readerLanguage, writtenIn: language };
  }

  /** Stops the deadline's timer once the page has its texts. */
  done(): void {
    clearTimeout(this.timer);
  }
}

/** How a group of texts (an entry's title and comment) was shown: the most telling of its parts. */
export function shownAsOfAll(texts: readonly ShownText[]): ShownAs {
  if (texts.some((text) => text.shownAs === 'translationUnavailable')) return 'translationUnavailable';
  if (texts.some((text) => text.shownAs === 'translated')) return 'translated';
  return 'original';
}
