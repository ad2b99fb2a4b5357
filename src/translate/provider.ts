/**
 * A machine-translation service. Implementations are plain HTTP clients; they throw
 * `TranslationUnavailable` when the service cannot answer, and the caller shows the original.
 */
export interface TranslationProvider {
  /** Stable name, part of the cache key (a better provider later does not reuse older output). */
  readonly id: string;
  translate(text: string, from: string, to: string): Promise<string>;
}

/** The provider could not translate (down, slow, pair not installed): show the original with a notice. */
export class TranslationUnavailable extends Error {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, options);
    this.name = 'TranslationUnavailable';
  }
}

/** The primary language subtag: `es-MX` → `es`, the form both providers expect. */
export function baseLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

/** POSTs a form and reads JSON, within a time limit; any failure is `TranslationUnavailable`. */
export async function postForm(url: string, form: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TranslationUnavailable('translation service unreachable', { cause: error });
  }
  if (!response.ok) throw new TranslationUnavailable(`translation service answered ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    throw new TranslationUnavailable('translation service answered something other than JSON', { cause: error });
  }
}
