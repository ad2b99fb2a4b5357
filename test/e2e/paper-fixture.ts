import type { TranslationProvider } from '../../src/translate/provider.js';
import { testDataSource } from '../support/database.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';

/** The messaging school with Léo's mother reading Arabic, on an app with the given translation provider. */
export async function createMessagingFixture(provider: TranslationProvider) {
  const school = await messagingSchool();
  await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', school.mother.id]);
  return { school, sessions: new Sessions(createTestApp({ translationProvider: provider })) };
}
