import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK, type JWTPayload } from 'jose';
import Provider, { type Account, type KoaContextWithOIDC } from 'oidc-provider';
import { MemoryStore, memoryAdapterClass } from './oidc-memory-adapter.js';

/*
 * A real OpenID provider (panva's oidc-provider) in the test process, on 127.0.0.1, shaped like an
 * Edifice / Open ENT NG: userinfo answers version 1.0 unless the Accept header asks 2.x, with
 * `type`, `structures`, `uai`, `classes`, `children`; a class directory API behind a
 * client-credentials token; a login page at its interaction URL. A test may tamper with the ID
 * token the token endpoint returns (re-signed with the provider's own key, or another), to play a
 * misbehaving or substituted provider.
 */

/** An ENT account: its userinfo in version 2.1. */
export interface EntAccount {
  readonly sub: string;
  readonly userinfo: Readonly<Record<string, unknown>>;
}

const V1_TYPES: Record<string, string> = { Teacher: 'ENSEIGNANT', Student: 'ELEVE', Relative: 'PERSRELELEVE', Personnel: 'PERSEDUCNAT' };

/** Userinfo version asked in `Accept: application/json; version=2.1`, or 1.0. */
function askedVersion(accept: string | undefined): number {
  const version = /version=v?(\d+(?:\.\d+)?)/.exec(accept ?? '')?.[1];
  return version ? Number(version) : 1;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A minimal cookie jar, to play a browser at the provider without one. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export class TestOidcProvider {
  readonly accounts = new Map<string, EntAccount>();
  /** Class rosters of the directory API, by class id. */
  readonly classRosters = new Map<string, readonly Record<string, unknown>[]>();
  readonly clientId = 'e-carnet';
  readonly clientSecret = 'test-client-secret-0123456789';
  /** Changes the ID token's claims before it leaves the token endpoint (re-signed with `tamperKey` or the provider's key). */
  tamper: ((claims: JWTPayload) => JWTPayload) | undefined;
  tamperKey: 'provider' | 'other' | 'none' = 'provider';
  /** Directory page size: small, so paging is exercised. */
  directoryPageSize = 2;
  private provider: Provider | undefined;
  private server: Server | undefined;
  private signingJwk: JWK | undefined;
  private privateKey: CryptoKey | undefined;
  url = '';

  async start(redirectUris: readonly string[], postLogoutRedirectUris: readonly string[]): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String((error as Error).message));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;

    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
    const accounts = this.accounts;
    this.provider = new Provider(this.url, {
      adapter: memoryAdapterClass(new MemoryStore()),
      clients: [
        {
          client_id: this.clientId,
          client_secret: this.clientSecret,
          redirect_uris: [...redirectUris],
          post_logout_redirect_uris: [...postLogoutRedirectUris],
          grant_types: ['authorization_code', 'client_credentials'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
          scope: 'openid profile email userinfo directory',
        },
      ],
      jwks: { keys: [this.signingJwk] },
      scopes: ['openid', 'profile', 'email', 'userinfo', 'directory'],
      claims: {
        openid: ['sub'],
        profile: ['given_name', 'family_name'],
        email: ['email'],
        userinfo: ['userId', 'externalId', 'login', 'firstName', 'lastName', 'type', 'structures', 'structureNames', 'uai', 'classes', 'realClassesNames', 'children'],
      },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          // The confirmation page submits itself: the tests and the browser need not click.
          logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
            ctx.body = `<!doctype html><html><head><title>Déconnexion</title></head><body>${form}<script>document.forms[0].submit()</script></body></html>`;
          },
        },
      },
      interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 600, IdToken: 600, ClientCredentials: 600 },
      findAccount: async (ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
        const account = [...accounts.values()].find((candidate) => candidate.sub === sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          async claims(use: string) {
            const info = account.userinfo;
            const standard = { sub, given_name: info.firstName, family_name: info.lastName, email: info.email };
            if (use !== 'userinfo') return standard;
            if (askedVersion(ctx.get('accept')) >= 2) return { ...standard, ...info, sub };
            // Version 1.0: classes and children are removed for OAuth clients; types have their old names.
            const { classes: _classes, children: _children, realClassesNames: _names, ...rest } = info;
            return { ...standard, ...rest, sub, type: V1_TYPES[String(info.type)] ?? '' };
          },
        };
      },
    });
    this.provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && this.tamper && body?.id_token) ctx.body = { ...body, id_token: await this.resign(body.id_token) };
    });
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Re-issues an ID token with the tampered claims, signed as `tamperKey` says. */
  private async resign(idToken: string): Promise<string> {
    const claims = this.tamper!(decodeJwt(idToken));
    if (this.tamperKey === 'none') {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    }
    const key = this.tamperKey === 'provider' ? this.privateKey! : (await generateKeyPair('RS256')).privateKey;
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' }).sign(key);
  }

  /**
   * Plays the browser at the provider: follows the authorisation URL, logs in as `login` on the
   * interaction page, and returns the URL the provider sends back to e-carnet.
   */
  async authorize(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new CookieJar();
    const go = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: jar.header() } });
      jar.store(response);
      return response;
    };
    let response = await go(authorizationUrl);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider stopped with ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const next = new URL(location, this.url);
      if (next.origin !== this.url) return next;
      if (next.pathname.startsWith('/interaction/')) {
        response = await go(`${next.href}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login }).toString() });
      } else {
        response = await go(next.href);
      }
    }
    throw new Error('too many redirects at the provider');
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (interaction && req.method === 'GET' && !interaction[2]) {
      await this.provider!.interactionDetails(req, res);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>ENT (test)</title></head><body><main><h1>Mon ENT</h1>` +
          `<form method="post" action="/interaction/${interaction[1]}/login"><label for="login">Identifiant ENT</label> ` +
          `<input id="login" name="login" autocomplete="username"> <button type="submit">Se connecter</button></form></main></body></html>`,
      );
      return;
    }
    if (interaction && req.method === 'POST' && interaction[2]) {
      const details = await this.provider!.interactionDetails(req, res);
      const account = this.accounts.get((await readForm(req)).get('login') ?? '');
      if (!account) throw new Error('unknown ENT login');
      const grant = new this.provider!.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await this.provider!.interactionFinished(req, res, { login: { accountId: account.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    const classUsers = /^\/directory\/class\/([^/]+)\/users$/.exec(url.pathname);
    if (classUsers && req.method === 'GET') {
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const granted = token ? await this.provider!.ClientCredentials.find(token) : undefined;
      if (!granted || !String(granted.scope ?? '').split(' ').includes('directory')) {
        res.statusCode = 401;
        res.end('{"error":"unauthorized"}');
        return;
      }
      const page = Number(url.searchParams.get('page') ?? '0');
      const users = (this.classRosters.get(decodeURIComponent(classUsers[1]!)) ?? []).slice(page * this.directoryPageSize, (page + 1) * this.directoryPageSize);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(users));
      return;
    }
    this.provider!.callback()(req, res);
  }
}
