import type { ReaderTexts, ShownText } from '../translate/reader-texts.js';
import type { ListedResponse } from './responses.js';

/**
 * Families' comments under an entry in the reader's language (a teacher reads an Arabic-speaking
 * family's comment in French), each with how it was shown; reactions are interface words.
 */
export async function translateResponses(texts: ReaderTexts, responses: readonly ListedResponse[]): Promise<(ListedResponse & { translation: Omit<ShownText, 'text'> | null })[]> {
  return Promise.all(
    responses.map(async (response) => {
      if (response.body === null) return { ...response, translation: null };
      const { text, ...translation } = await texts.show(response.body, response.language);
      return { ...response, body: text, translation };
    }),
  );
}
