import request from 'supertest';
import type { Person } from '../../src/model/index.js';
import type { Sessions } from './fixture.js';

/** JSON API calls as a signed-in person. */
export function apiAs(sessions: Sessions, person: Person) {
  const call = async (method: 'get' | 'post' | 'put', path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const session = await sessions.of(person);
    let req = request(sessions.testApp.app)[method](`/api/v1${path}`).set('Cookie', session.cookie).set('Accept', 'application/json');
    if (method !== 'get') req = req.set('X-CSRF-Token', session.csrfToken);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return body === undefined ? req : req.send(body as object);
  };
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('post', path, body ?? {}, headers),
    put: (path: string, body: unknown) => call('put', path, body),
  };
}
