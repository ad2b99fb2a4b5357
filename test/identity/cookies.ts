import type request from 'supertest';

/** The `ecarnet_session` cookie a response sets, as a Cookie header value. */
export function sessionCookie(response: request.Response): string | undefined {
  return ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('ecarnet_session='))
    ?.split(';')[0];
}
