import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/*
 * A CAS 3.0 server double (no maintained CAS server library exists for Node), on 127.0.0.1:
 * `/cas/login` (a form, then a redirect with a service ticket), `/cas/p3/serviceValidate`
 * (tickets single-use, bound to the exact service URL, attributes in the answer) and `/cas/logout`.
 */

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeHtml = (text: string) => escapeXml(text).replace(/"/g, '&quot;');

interface IssuedTicket {
  readonly user: string;
  readonly service: string;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The back-channel logout request a CAS server posts (CAS protocol, SAML 1.1-shaped LogoutRequest). */
export function casLogoutRequest(id: string, issuedAt: Date, ticket: string): string {
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${issuedAt.toISOString()}">` +
    `<saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>${ticket}</samlp:SessionIndex></samlp:LogoutRequest>`
  );
}

export class TestCasServer {
  /** Attributes of each user, by name. */
  readonly accounts = new Map<string, Readonly<Record<string, readonly string[]>>>();
  private readonly tickets = new Map<string, IssuedTicket>();
  private server: Server | undefined;
  /**
   * A path of its own: the test database keeps every run's identities, keyed by the server's URL,
   * and the system hands out a port again once an earlier server has closed it.
   */
  private readonly base = `/cas-${randomBytes(4).toString('hex')}`;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String((error as Error).message));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}${this.base}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** A user logs in for a service: the URL the browser is sent back to, with a fresh ticket. */
  issueTicket(user: string, service: string): string {
    if (!this.accounts.has(user)) throw new Error(`no CAS account ${user}`);
    const ticket = `ST-${randomBytes(16).toString('hex')}`;
    this.tickets.set(ticket, { user, service });
    const back = new URL(service);
    back.searchParams.set('ticket', ticket);
    return back.href;
  }

  /** The server's own validation answer (tickets are used up by any validation attempt). */
  serviceValidate(service: string, ticket: string): string {
    const issued = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    const failure = (code: string, text: string) =>
      `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="${code}">${escapeXml(text)}</cas:authenticationFailure></cas:serviceResponse>`;
    if (!issued) return failure('INVALID_TICKET', `Ticket ${ticket} not recognized`);
    if (issued.service !== service) return failure('INVALID_SERVICE', 'Ticket was issued for another service');
    const attributes = Object.entries(this.accounts.get(issued.user) ?? {})
      .flatMap(([name, values]) => values.map((value) => `<cas:${name}>${escapeXml(value)}</cas:${name}>`))
      .join('');
    return (
      `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>` +
      `<cas:user>${escapeXml(issued.user)}</cas:user><cas:attributes>${attributes}</cas:attributes>` +
      `</cas:authenticationSuccess></cas:serviceResponse>`
    );
  }


  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === `${this.base}/login`) {
      const service = url.searchParams.get('service') ?? '';
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>CAS (test)</title></head><body><main><h1>Connexion ENT</h1>` +
          `<form method="post" action="/cas/login"><input type="hidden" name="service" value="${escapeHtml(service)}">` +
          `<label for="username">Identifiant</label> <input id="username" name="username"> <button type="submit">Se connecter</button></form></main></body></html>`,
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === `${this.base}/login`) {
      const form = await readForm(req);
      res.statusCode = 303;
      res.setHeader('Location', this.issueTicket(form.get('username') ?? '', form.get('service') ?? ''));
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === `${this.base}/p3/serviceValidate`) {
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.end(this.serviceValidate(url.searchParams.get('service') ?? '', url.searchParams.get('ticket') ?? ''));
      return;
    }
    if (req.method === 'GET' && url.pathname === `${this.base}/logout`) {
      res.statusCode = 303;
      res.setHeader('Location', url.searchParams.get('service') ?? '/');
      res.end();
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  }
}
