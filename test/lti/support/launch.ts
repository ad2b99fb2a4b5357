import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { Agent, Response } from 'supertest';
import type { LtiPlatformSimulator, SignOptions, SimMessage } from '../../support/lti-platform.js';

/** A login the tool started: what it sent to the platform. */
export interface StartedLogin {
  readonly state: string;
  readonly nonce: string;
  readonly authorizationUrl: string;
  readonly response: Response;
}

/** Step 1, as the browser does it: the platform's login initiation reaches the tool. */
export async function startLogin(agent: Agent, platform: LtiPlatformSimulator, message: SimMessage, extra: { storageTarget?: string } = {}): Promise<StartedLogin> {
  const response = await agent.get('/lti/login').query(platform.loginParameters(message, extra));
  const authorizationUrl = extra.storageTarget ? htmlText(/data-next="([^"]+)"/.exec(response.text)?.[1] ?? '') : String(response.headers.location ?? '');
  expect(authorizationUrl, response.text).to.match(/^http/);
  const query = new URL(authorizationUrl).searchParams;
  return { state: query.get('state') ?? '', nonce: query.get('nonce') ?? '', authorizationUrl, response };
}

/** Step 3: the id_token posted back to the tool. */
export function postLaunch(agent: Agent, idToken: string, state: string): Promise<Response> {
  return agent.post('/lti/launch').type('form').send({ id_token: idToken, state });
}

/** A complete launch through the platform's real authorization endpoint. */
export async function launch(agent: Agent, platform: LtiPlatformSimulator, message: SimMessage): Promise<Response> {
  const login = await startLogin(agent, platform, message);
  const form = await platform.authorize(login.authorizationUrl);
  expect(form.state).to.equal(login.state);
  return postLaunch(agent, form.idToken, form.state);
}

/** A launch whose id_token the test shapes: claims changed, and signed as asked. */
export async function launchWith(
  agent: Agent,
  platform: LtiPlatformSimulator,
  message: SimMessage,
  change: (claims: JWTPayload) => void = () => undefined,
  sign: SignOptions = {},
): Promise<Response> {
  const login = await startLogin(agent, platform, message);
  const claims = platform.claimsFor(message, login.nonce);
  change(claims);
  return postLaunch(agent, await platform.sign(claims, sign), login.state);
}

/** The stable error code an error page shows. */
export function errorCode(response: Response): string | undefined {
  return /class="error-code">[^:<]*:\s*([A-Z_]+)/.exec(response.text)?.[1];
}

/** An attribute value as the browser reads it (Handlebars escapes & = " ' ` < >). */
export function htmlText(escaped: string): string {
  return escaped.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (_match, entity: string) =>
    ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=' })[entity]!,
  );
}

/** The `href` of the link that opens in a new window. */
export function newWindowLink(html: string): string {
  return htmlText(/href="([^"]+)" target="_blank"/.exec(html)?.[1] ?? '');
}
