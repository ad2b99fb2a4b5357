import type { Logger } from 'pino';
import request, { type Agent } from 'supertest';
import type { Config } from '../../../src/config/schema.js';
import type { LtiPlatform } from '../../../src/model/lti-platform.js';
import { TestClock } from '../../support/clock.js';
import { testDataSource } from '../../support/database.js';
import { SchoolFactory } from '../../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../../support/lti-platform.js';
import { registerPlatform, startTool, type RunningTool } from './tool.js';

/** A school whose ENT (a simulated platform) is registered with a running e-carnet. */
export interface LtiFixture {
  readonly clock: TestClock;
  readonly tool: RunningTool;
  readonly platform: LtiPlatformSimulator;
  readonly school: SchoolFactory;
  readonly registration: LtiPlatform;
  /** A browser with its own cookies. */
  browser(): Agent;
  close(): Promise<void>;
}

/**
 * The usual cast: a teacher, three pupils and a mentor of the first pupil in course `ctx-cm1`,
 * plus people outside any course.
 */
export async function ltiFixture(options: { adjust?: (config: Config) => Config; logger?: Logger } = {}): Promise<LtiFixture> {
  const clock = new TestClock();
  const tool = await startTool({ clock, ...(options.adjust ? { adjust: options.adjust } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  const platform = await LtiPlatformSimulator.start({ clock });
  platform.useTool(tool.url);
  const school = await SchoolFactory.create(testDataSource());
  const registration = await registerPlatform(platform, school.id, clock.now());
  platform.addUser({ sub: 'teacher-1', givenName: 'Anne', familyName: 'Roussel', email: 'anne.roussel@example.org', roles: [ROLE.instructor] });
  platform.addUser({ sub: 'pupil-1', givenName: 'Léa', familyName: 'Martin', roles: [ROLE.learner] });
  platform.addUser({ sub: 'pupil-2', givenName: 'Hugo', familyName: 'Bernard', roles: [ROLE.learner] });
  platform.addUser({ sub: 'pupil-3', givenName: 'Chloé', familyName: 'Petit', roles: [ROLE.learner] });
  platform.addUser({ sub: 'parent-1', givenName: 'Sophie', familyName: 'Martin', roles: [ROLE.mentor], mentees: ['pupil-1'] });
  platform.addContext({ id: 'ctx-cm1', title: 'CM1 — Les Castors', members: ['teacher-1', 'pupil-1', 'pupil-2', 'pupil-3'] });
  return {
    clock,
    tool,
    platform,
    school,
    registration,
    browser: () => request.agent(tool.url),
    async close() {
      await tool.close();
      await platform.close();
    },
  };
}
