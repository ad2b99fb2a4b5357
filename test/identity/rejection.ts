import { expect } from 'chai';
import type request from 'supertest';
import { identityRowsDigest } from './identity-rows.js';

/**
 * Runs a sign-in attempt that must be refused with `code`, and checks that it created and changed
 * nothing: the digest of every row of the identity tables (people, identities, memberships,
 * links, classes, pending requests, replay records, session links) and of the signed-in sessions
 * is the same after as before.
 */
export async function expectRefused(attempt: () => Promise<request.Response>, code: string): Promise<void> {
  const before = await identityRowsDigest();
  const response = await attempt();
  expect(response.body?.error?.code, `${response.status} ${response.text.slice(0, 300)}`).to.equal(code);
  expect(response.status).to.be.within(400, 499);
  expect(await identityRowsDigest(), 'a refused sign-in must change nothing').to.deep.equal(before);
}
