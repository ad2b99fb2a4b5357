import type { Actor } from '../../src/policy/actor.js';
import { loadActor } from '../../src/policy/load-actor.js';
import { testDataSource } from '../support/database.js';
import { TestClock } from '../support/clock.js';

/** The actor of a person as a request would load it, at the test clock's time. */
export async function actorFor(personId: string, now: Date = new TestClock().now()): Promise<Actor> {
  return loadActor(testDataSource(), personId, now);
}
