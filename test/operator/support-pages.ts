import type { Express } from 'express';
import request from 'supertest';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { SessionStore } from '../../src/auth/session-store.js';
import type { OperatorEntry } from '../../src/config/file-schema.js';
import type { Config } from '../../src/config/schema.js';
import { newId } from '../../src/model/columns.js';
import { Person } from '../../src/model/person.js';
import { operatorKey } from '../../src/operator/operators.js';
import { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';

/** The operator the tests' configuration names. */
export const OPERATOR: OperatorEntry = { name: 'Rectorat — équipe ENT', issuer: 'https://idp.operators.test', subject: 'operator-1' };

/** A browser session: its cookie and CSRF token. */
export interface Browser {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly personId: string;
}

/** The app with one operator and two connectors (one per school), and ways to open sessions as sign-in would. */
export class OperatorTestApp {
  readonly app: Express;
  readonly clock = new TestClock();
  private readonly store: SessionStore;

  constructor(readonly config: Config) {
    this.app = createApp(config, { dataSource: testDataSource(), clock: this.clock, logger: pino({ level: 'silent' }) });
    this.store = new SessionStore(testDataSource(), config.session);
  }

  /** Configuration with `OPERATOR` and a CAS connector per school UAI given (`ent-0`, `ent-1`…). */
  static create(schoolUais: readonly string[], operators: readonly OperatorEntry[] = [OPERATOR]): OperatorTestApp {
    const base = testConfig();
    return new OperatorTestApp({
      ...base,
      operators,
      connectors: schoolUais.map((uai, index) => ({
        id: `ent-${index}`,
        type: 'cas',
        enabled: true,
        schools: [uai],
        options: { serverUrl: `http://127.0.0.1:9/cas-${index}`, allowInsecureHttp: true },
      })),
    });
  }

  /** A session as a sign-in through `method` opens it (`cas:ent-0`, `lti:<platform id>`, `demo`). */
  async session(personId: string, method: string, operator: OperatorEntry | null = null): Promise<Browser> {
    const { token, session } = await this.store.create(this.clock.now(), { personId, signInMethod: method, operatorKey: operator ? operatorKey(operator) : null });
    return { cookie: `ecarnet_session=${token}`, csrfToken: session.csrfToken, personId };
  }

  /** The operator's session (a person with no school at all). */
  async operatorSession(operator: OperatorEntry = OPERATOR): Promise<Browser> {
    const person = Object.assign(new Person(), {
      id: newId(),
      givenName: 'Olga',
      familyName: 'Opératrice',
      preferredLanguage: 'fr',
      email: null,
      phone: null,
      birthDate: null,
      createdAt: this.clock.now(),
    });
    await testDataSource().getRepository(Person).insert(person);
    return this.session(person.id, 'cas:operators', operator);
  }

  get(browser: Browser | null, path: string, json = false) {
    const call = request(this.app).get(path);
    if (browser) call.set('Cookie', browser.cookie);
    if (json) call.set('Accept', 'application/json');
    return call;
  }

  post(browser: Browser, path: string, form: Record<string, string> = {}, json = false) {
    const call = request(this.app).post(path).set('Cookie', browser.cookie).type('form').send({ _csrf: browser.csrfToken, ...form });
    if (json) call.set('Accept', 'application/json');
    return call;
  }
}

/** The error code of a JSON error answer. */
export function codeOf(response: { body: unknown }): string | undefined {
  return (response.body as { error?: { code?: string } }).error?.code;
}
