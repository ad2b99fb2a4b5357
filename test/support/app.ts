import type { Express } from 'express';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { SessionStore } from '../../src/auth/session-store.js';
import type { Config } from '../../src/config/schema.js';
import type { Logger } from 'pino';
import type { TranslationProvider } from '../../src/translate/provider.js';
import { TestClock } from './clock.js';
import { testConfig } from './config.js';
import { testDataSource } from './database.js';

/** An app on the test database, with a clock the test controls. */
export interface TestApp {
  readonly app: Express;
  readonly clock: TestClock;
  readonly config: Config;
  /** Opens a session for a person as sign-in would: returns the Cookie header and CSRF token. */
  signIn(personId: string): Promise<SignedIn>;
}

export interface SignedIn {
  readonly cookie: string;
  readonly csrfToken: string;
}

export function createTestApp(
  options: { config?: Config; clock?: TestClock; translationProvider?: TranslationProvider | null; logger?: Logger; dataSource?: DataSource } = {},
): TestApp {
  const config = options.config ?? testConfig();
  const clock = options.clock ?? new TestClock();
  // The run's database unless the test brings one of its own (a school that must be alone in it).
  const dataSource = options.dataSource ?? testDataSource();
  const app = createApp(config, { dataSource, clock, logger: options.logger ?? pino({ level: 'silent' }), translationProvider: options.translationProvider });
  const store = new SessionStore(dataSource, config.session);
  return {
    app,
    clock,
    config,
    async signIn(personId) {
      const { token, session } = await store.create(clock.now(), { personId, signInMethod: 'test' });
      return { cookie: `ecarnet_session=${token}`, csrfToken: session.csrfToken };
    },
  };
}
