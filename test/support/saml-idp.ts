import { randomBytes, sign as signData, verify as verifySignature } from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { encodeResponse, responseXml, signElement, type ResponseOptions, type SamlAttribute } from './saml-response-builder.js';
import { makeTestKeyPair, type TestKeyPair } from './test-certificate.js';

/*
 * A SAML 2.0 identity provider for tests, on 127.0.0.1: it checks the signature of the SP's
 * AuthnRequests (HTTP-Redirect), shows a login form, answers with a signed (and, when the SP has
 * an encryption certificate, encrypted) response auto-posted to the ACS, and does single logout.
 */

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** A service provider registered with the IdP, as its metadata would say. */
export interface RegisteredServiceProvider {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly logoutUrl: string;
  readonly signingCertificate: string;
  readonly encryptionCertificate?: string;
}

/** An account at the IdP: its NameID and attributes. */
export interface IdpAccount {
  readonly nameId: string;
  readonly attributes: readonly SamlAttribute[];
}

/** What an IdP-initiated LogoutRequest states (its ID, when it was issued, until when it holds). */
export interface LogoutRequestOptions {
  readonly id?: string;
  readonly issueInstant?: Date;
  readonly notOnOrAfter?: Date;
}

/** An AuthnRequest the IdP received and checked. */
export interface ReceivedAuthnRequest {
  readonly id: string;
  readonly issuer: string;
  readonly acsUrl: string;
  readonly relayState: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The raw `key=value` pieces of a query, as signed by the redirect binding. */
function rawParameter(query: string, key: string): string | undefined {
  return query.split('&').find((part) => part.startsWith(`${key}=`));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class TestSamlIdp {
  readonly keys: TestKeyPair = makeTestKeyPair('e-carnet test IdP');
  readonly accounts = new Map<string, IdpAccount>();
  private readonly interactions = new Map<string, ReceivedAuthnRequest>();
  /** SessionIndex values of sessions open at the IdP, by NameID. */
  readonly sessions = new Map<string, Set<string>>();
  private serviceProvider: RegisteredServiceProvider | undefined;
  private server: Server | undefined;
  /** The ID of the last LogoutRequest the SP sent here. */
  lastLogoutRequestId = '';
  /** The IdP's own clock (tests move it to make stale or early assertions). */
  now: () => Date = () => new Date();
  url = '';

  constructor(readonly entityId = 'https://educonnect.test/idp') {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.statusCode = 400;
        res.end(String((error as Error).message));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get ssoUrl(): string {
    return `${this.url}/sso`;
  }

  get sloUrl(): string {
    return `${this.url}/slo`;
  }

  trust(serviceProvider: RegisteredServiceProvider): void {
    this.serviceProvider = serviceProvider;
  }

  private get sp(): RegisteredServiceProvider {
    if (!this.serviceProvider) throw new Error('no service provider registered with the test IdP');
    return this.serviceProvider;
  }

  /** Checks an AuthnRequest redirect URL as a real IdP does: SP signature, then the request itself. */
  receiveAuthnRequest(location: string): ReceivedAuthnRequest {
    const url = new URL(location);
    const query = url.search.slice(1);
    this.verifyRedirectSignature(query, 'SAMLRequest');
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const id = /\sID="([^"]+)"/.exec(xml)?.[1];
    const acsUrl = /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1];
    const issuer = /<saml:Issuer[^>]*>([^<]+)<\/saml:Issuer>/.exec(xml)?.[1];
    if (!id || !acsUrl || !issuer) throw new Error('malformed AuthnRequest');
    if (issuer !== this.sp.entityId || acsUrl !== this.sp.acsUrl) throw new Error('AuthnRequest from an unknown SP');
    return { id, issuer, acsUrl, relayState: url.searchParams.get('RelayState') ?? '' };
  }

  private verifyRedirectSignature(query: string, messageKey: 'SAMLRequest' | 'SAMLResponse'): void {
    const signature = new URLSearchParams(query).get('Signature');
    const sigAlg = new URLSearchParams(query).get('SigAlg');
    if (!signature || sigAlg !== RSA_SHA256) throw new Error('unsigned or weakly signed request');
    const signed = [rawParameter(query, messageKey), rawParameter(query, 'RelayState'), rawParameter(query, 'SigAlg')].filter(Boolean).join('&');
    if (!verifySignature('sha256', Buffer.from(signed), this.sp.signingCertificate, Buffer.from(signature, 'base64'))) {
      throw new Error('bad request signature');
    }
  }

  /** The options of a valid response for an account and a request; tests change what they attack. */
  responseOptions(login: string, request?: ReceivedAuthnRequest): ResponseOptions {
    const account = this.accounts.get(login);
    if (!account) throw new Error(`no account ${login} at the test IdP`);
    return {
      issuer: this.entityId,
      nameId: account.nameId,
      attributes: account.attributes,
      ...(request ? { inResponseTo: request.id } : {}),
      audience: this.sp.entityId,
      recipient: this.sp.acsUrl,
      destination: this.sp.acsUrl,
      now: this.now(),
      sessionIndex: `_session_${randomBytes(8).toString('hex')}`,
      signAssertionWith: this.keys,
      signResponseWith: this.keys,
      ...(this.sp.encryptionCertificate ? { encryptFor: this.sp.encryptionCertificate } : {}),
    };
  }

  /** A base64 SAMLResponse built from options (valid by default), remembering the IdP session. */
  issueResponse(options: ResponseOptions): string {
    if (options.sessionIndex) {
      const sessions = this.sessions.get(options.nameId) ?? new Set<string>();
      sessions.add(options.sessionIndex);
      this.sessions.set(options.nameId, sessions);
    }
    return encodeResponse(responseXml(options).xml);
  }

  /** Signs in as an account in answer to an AuthnRequest URL: what the browser would post to the ACS. */
  signIn(location: string, login: string, change: Partial<ResponseOptions> = {}): { SAMLResponse: string; RelayState: string } {
    const request = this.receiveAuthnRequest(location);
    return { SAMLResponse: this.issueResponse({ ...this.responseOptions(login, request), ...change }), RelayState: request.relayState };
  }

  /** Handles a LogoutRequest redirect from the SP: ends the IdP session, answers with a signed LogoutResponse URL. */
  logout(location: string): string {
    const url = new URL(location);
    this.verifyRedirectSignature(url.search.slice(1), 'SAMLRequest');
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const requestId = /\sID="([^"]+)"/.exec(xml)?.[1] ?? '';
    const nameId = /<saml:NameID[^>]*>([^<]+)<\/saml:NameID>/.exec(xml)?.[1] ?? '';
    const sessionIndex = /SessionIndex[^>]*>([^<]+)</.exec(xml)?.[1];
    if (sessionIndex) this.sessions.get(nameId)?.delete(sessionIndex);
    else this.sessions.delete(nameId);
    this.lastLogoutRequestId = requestId;
    return this.logoutResponseUrl(requestId);
  }

  /** An IdP-initiated LogoutRequest's XML (the person signed out elsewhere). */
  logoutRequestXml(nameId: string, sessionIndex?: string, options: LogoutRequestOptions = {}): string {
    const id = options.id ?? `_${randomBytes(16).toString('hex')}`;
    const notOnOrAfter = options.notOnOrAfter ? ` NotOnOrAfter="${options.notOnOrAfter.toISOString()}"` : '';
    return (
      `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${(options.issueInstant ?? this.now()).toISOString()}"${notOnOrAfter} Destination="${this.sp.logoutUrl}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${nameId}</saml:NameID>` +
      (sessionIndex ? `<samlp:SessionIndex>${sessionIndex}</samlp:SessionIndex>` : '') +
      `</samlp:LogoutRequest>`
    );
  }

  /** An IdP-initiated LogoutRequest as a redirect URL to the SP, signed unless told otherwise. */
  logoutRequestUrl(nameId: string, sessionIndex?: string, signed = true, options: LogoutRequestOptions = {}): string {
    const url = this.signedRedirect(this.sp.logoutUrl, 'SAMLRequest', this.logoutRequestXml(nameId, sessionIndex, options), null);
    return signed ? url : url.replace(/&SigAlg=[^&]*&Signature=[^&]*$/, '');
  }

  /** An IdP-initiated LogoutRequest for the POST binding (the form's SAMLRequest), signed in the XML by `signWith` (none: unsigned). */
  logoutRequestPost(nameId: string, signWith: TestKeyPair | null = this.keys, options: LogoutRequestOptions = {}): string {
    const xml = this.logoutRequestXml(nameId, undefined, options);
    return Buffer.from(signWith ? signElement(xml, "/*[local-name(.)='LogoutRequest']", signWith) : xml).toString('base64');
  }

  /** A LogoutResponse answering `inResponseTo`, as a redirect URL to the SP, signed unless told otherwise. */
  logoutResponseUrl(inResponseTo: string, signed = true): string {
    const response =
      `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${this.now().toISOString()}" Destination="${this.sp.logoutUrl}" InResponseTo="${inResponseTo}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
    const url = this.signedRedirect(this.sp.logoutUrl, 'SAMLResponse', response, null);
    return signed ? url : url.replace(/&SigAlg=[^&]*&Signature=[^&]*$/, '');
  }

  private signedRedirect(target: string, key: 'SAMLRequest' | 'SAMLResponse', xml: string, relayState: string | null): string {
    const parts = [`${key}=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`];
    if (relayState) parts.push(`RelayState=${encodeURIComponent(relayState)}`);
    parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
    const signature = signData('sha256', Buffer.from(parts.join('&')), this.keys.privateKey).toString('base64');
    return `${target}?${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/sso') {
      const request = this.receiveAuthnRequest(url.toString());
      const interaction = randomBytes(12).toString('hex');
      this.interactions.set(interaction, request);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>ÉduConnect (test)</title></head><body><main>` +
          `<h1>ÉduConnect</h1><form method="post" action="/sso"><input type="hidden" name="interaction" value="${interaction}">` +
          `<label for="login">Identifiant</label> <input id="login" name="login" autocomplete="username"> <button type="submit">Se connecter</button></form></main></body></html>`,
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/sso') {
      const form = await readForm(req);
      const request = this.interactions.get(form.get('interaction') ?? '');
      const login = form.get('login') ?? '';
      if (!request || !this.accounts.has(login)) throw new Error('unknown interaction or account');
      this.interactions.delete(form.get('interaction') ?? '');
      const response = this.issueResponse(this.responseOptions(login, request));
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>ÉduConnect (test)</title></head><body>` +
          `<form method="post" action="${escapeHtml(request.acsUrl)}"><input type="hidden" name="SAMLResponse" value="${response}">` +
          `<input type="hidden" name="RelayState" value="${escapeHtml(request.relayState)}"><button type="submit">Continuer</button></form>` +
          `<script>document.forms[0].submit()</script></body></html>`,
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/slo') {
      res.statusCode = 303;
      res.setHeader('Location', this.logout(url.toString()));
      res.end();
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  }
}
