import { createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import {
  createRemoteJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Clock } from '../../src/clock.js';
import { LTI_CLAIM, NRPS_MEDIA_TYPE, NRPS_SCOPE, PLATFORM_CONFIGURATION_CLAIM, TOOL_CONFIGURATION_CLAIM } from '../../src/lti/claims.js';
import { coursePage, foreignCapabilitiesPage, formPostPage, placedPage, registrationPage, sneakyFramePage } from '../lti/support/platform-pages.js';

/*
 * A simulated LTI 1.3 platform (an ENT), a real HTTP server on 127.0.0.1: its keys and JWKS,
 * the OIDC authorization endpoint (login_hint + lti_message_hint → signed id_token, form post),
 * which, as Moodle 4.5 does, keeps each launch under a single-use `lti_message_hint` (a JSON
 * object naming the activity, `{"cmid":…,"launchid":…}`) and answers "Invalid request" to a
 * replayed one, while the activity's own launch page (`<issuer>/mod/lti/launch.php?id=<cmid>`)
 * starts a fresh launch for the person signed in to the platform;
 * the token endpoint (client credentials with a client assertion checked against the tool's
 * JWKS), Names and Role Provisioning with paging, the deep-linking return endpoint, and
 * openid-configuration + registration endpoint for dynamic registration. It counts what the tool
 * fetches, and signs whatever a test needs, known-bad payloads included.
 */

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  mentor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  administrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  systemAdministrator: 'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  contextAdministrator: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
  institutionInstructor: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor',
  institutionFaculty: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
  teachingAssistant: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
} as const;

/** Claims the tool ignores, sent as a real platform does. */
const LAUNCH_PRESENTATION_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation';

/** A person of the platform. */
export interface SimUser {
  readonly sub: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly locale?: string;
  readonly roles: readonly string[];
  /** For a Mentor: the users they follow (role_scope_mentor). */
  readonly mentees?: readonly string[];
  /** NRPS status; Active when absent. */
  status?: 'Active' | 'Inactive' | 'Deleted';
}

/** A course of the platform (an LTI context) and who is in it. */
export interface SimContext {
  readonly id: string;
  readonly title: string;
  members: string[];
}

/** What a launch asks for; kept by the platform under an `lti_message_hint`. */
export interface SimMessage {
  readonly user: string;
  readonly type: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  readonly contextId?: string;
  readonly targetLinkUri?: string;
  readonly resourceLinkId?: string;
  /** Leave out names and e-mail (a platform sharing no PII). */
  readonly withoutPii?: boolean;
  readonly acceptMultiple?: boolean;
  /** The custom parameters of the launched link (a placed link's own); the platform's `customParameters` otherwise. */
  readonly custom?: Record<string, string>;
}

/** An activity of the platform (Moodle's course module): what its launch page launches, for whoever opens it. */
type SimActivity = Omit<SimMessage, 'user'>;

/** A link the tool placed through deep linking. */
export interface PlacedLink {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly custom: Record<string, string>;
}

/** How to sign a token: the platform's key by default, or the ways attackers try. */
export interface SignOptions {
  readonly alg?: 'RS256' | 'HS256' | 'none';
  /** `null` leaves the kid out; a string overrides it. */
  readonly kid?: string | null;
  /** Sign with a key the platform never published. */
  readonly foreignKey?: boolean;
}

interface SimKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

interface ToolRegistrationRecord {
  readonly loginUrl: string;
  readonly redirectUris: readonly string[];
  readonly jwksUrl: string;
}

/** The simulated platform; see the file's header. */
export class LtiPlatformSimulator {
  /** What the tool asked for, by endpoint. */
  readonly counts = { jwks: 0, token: 0, nrps: 0, registration: 0, authorization: 0, configuration: 0, sneaky: 0, activityLaunches: 0 };
  readonly users = new Map<string, SimUser>();
  readonly contexts = new Map<string, SimContext>();
  readonly placed: PlacedLink[] = [];
  /** Deep-linking answers as received, claims included (to check the echoed `data`). */
  readonly deepLinkResponses: JWTPayload[] = [];
  clientId = 'e-carnet-client';
  deploymentId = 'deployment-1';
  nrpsPageSize = 2;
  jwksCacheControl = 'max-age=300';
  /** Makes the membership service answer 503, as a platform under maintenance. */
  membershipUnavailable = false;
  /** Makes the key set answer 503, as a platform under maintenance. */
  jwksUnavailable = false;
  /** Each membership page answers after this long (a slow platform). */
  membershipDelayMs = 0;
  /** The context id the membership container names, when a test wants it to differ from the asked one. */
  membershipContextId: string | undefined;
  /** A `next` link to give on the first membership page instead of the real one. */
  membershipNextUrl: string | undefined;
  /** The client id the next dynamic registration hands out (a new random one otherwise). */
  registrationClientId: string | undefined;
  /** Custom parameters of the next launches (as a placed link carries them). */
  customParameters: Record<string, string> = { ignored_by_the_tool: 'yes' };
  /**
   * Moodle adds `membership#Instructor` to its site administrators' roles in every course they
   * open an activity of, enrolled or not: users listed here get it on each launch (not in NRPS).
   */
  readonly siteAdministrators = new Set<string>();
  /** Activities (Moodle's course modules) by id, each launchable again from its own page. */
  private readonly activities = new Map<string, SimActivity>();
  /** Pending messages by lti_message_hint. */
  private readonly messages = new Map<string, SimMessage>();
  private readonly registrationTokens = new Set<string>();
  private readonly accessTokens = new Set<string>();
  private keys: SimKey[] = [];
  private foreign: SimKey | undefined;
  private tool: ToolRegistrationRecord | undefined;
  private toolKeySet: ReturnType<typeof createRemoteJWKSet> | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts a platform on a free loopback port. `issuer` defaults to its URL plus a path of its
   * own: the test database keeps every run's registrations, and the system hands out a port
   * again once an earlier simulator has closed it.
   */
  static async start(options: { clock: Clock; issuer?: string }): Promise<LtiPlatformSimulator> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json());
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    const url = `http://127.0.0.1:${address.port}`;
    const simulator = new LtiPlatformSimulator(server, url, options.issuer ?? `${url}/ent-${randomUUID()}`, options.clock);
    await simulator.rotateKey();
    simulator.routes(app);
    return simulator;
  }

  /** Stops the platform's server. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Endpoints, as a platform registration in e-carnet would name them. */
  get endpoints() {
    return {
      authLoginUrl: `${this.url}/auth`,
      authTokenUrl: `${this.url}/token`,
      keysetUrl: `${this.url}/jwks`,
      openidConfiguration: `${this.url}/.well-known/openid-configuration`,
    };
  }

  /** The key id the platform signs with now. */
  get currentKid(): string {
    return this.keys[this.keys.length - 1]!.kid;
  }

  /** A new signing key, published next to the previous ones (a platform rotating its keys). */
  async rotateKey(): Promise<string> {
    this.keys.push(await newKey());
    return this.currentKid;
  }

  /** The tool this platform launches, as registered by hand (dynamic registration fills it in). */
  useTool(toolBaseUrl: string): void {
    this.tool = { loginUrl: `${toolBaseUrl}/lti/login`, redirectUris: [`${toolBaseUrl}/lti/launch`], jwksUrl: `${toolBaseUrl}/lti/jwks` };
    this.toolKeySet = createRemoteJWKSet(new URL(this.tool.jwksUrl));
  }

  /** Adds (or replaces) a person of the platform. */
  addUser(user: SimUser): SimUser {
    this.users.set(user.sub, user);
    return user;
  }

  /** Adds a course and its members. */
  addContext(context: SimContext): SimContext {
    this.contexts.set(context.id, context);
    return context;
  }

  /** A one-time token for the tool's registration request. */
  registrationToken(): string {
    const token = randomUUID();
    this.registrationTokens.add(token);
    return token;
  }

  /**
   * The parameters of a third-party initiated login for a message; the message waits under its
   * `lti_message_hint` for the authorization request.
   */
  loginParameters(message: SimMessage, extra: { storageTarget?: string; activityId?: string } = {}): Record<string, string> {
    const tool = this.requireTool();
    const activity: SimActivity = Object.fromEntries(Object.entries(message).filter(([key]) => key !== 'user')) as SimActivity;
    const activityId = extra.activityId ?? String(this.activities.size + 1);
    this.activities.set(activityId, activity);
    const hint = JSON.stringify({ cmid: Number(activityId), launchid: `ltilaunch${activityId}_${randomUUID()}` });
    this.messages.set(hint, message);
    return {
      iss: this.issuer,
      login_hint: message.user,
      target_link_uri: message.targetLinkUri ?? tool.redirectUris[0]!,
      lti_message_hint: hint,
      lti_deployment_id: this.deploymentId,
      client_id: this.clientId,
      ...(extra.storageTarget ? { lti_storage_target: extra.storageTarget } : {}),
    };
  }

  /** The launch page of an activity: a fresh launch each time it is opened (`<issuer>/mod/lti/launch.php?id=<cmid>`). */
  activityLaunchUrl(activityId: string): string {
    return `${this.issuer}/mod/lti/launch.php?id=${encodeURIComponent(activityId)}`;
  }

  /** The tool's login initiation URL for a message. */
  loginUrl(message: SimMessage, extra: { storageTarget?: string } = {}): string {
    return `${this.requireTool().loginUrl}?${new URLSearchParams(this.loginParameters(message, extra)).toString()}`;
  }

  /** The claims a well-behaved platform sends for a message. */
  claimsFor(message: SimMessage, nonce: string): JWTPayload {
    const user = this.users.get(message.user);
    if (!user) throw new Error(`unknown user ${message.user}`);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const context = message.contextId ? this.contexts.get(message.contextId) : undefined;
    const tool = this.requireTool();
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: user.sub,
      iat: now,
      exp: now + 300,
      nonce,
      [LTI_CLAIM.messageType]: message.type,
      [LTI_CLAIM.version]: '1.3.0',
      [LTI_CLAIM.deploymentId]: this.deploymentId,
      [LTI_CLAIM.targetLinkUri]: message.targetLinkUri ?? tool.redirectUris[0],
      [LTI_CLAIM.roles]: this.siteAdministrators.has(user.sub) && !user.roles.includes(ROLE.instructor) ? [...user.roles, ROLE.instructor] : [...user.roles],
      [LAUNCH_PRESENTATION_CLAIM]: { document_target: 'iframe', locale: user.locale ?? 'fr-FR' },
      [LTI_CLAIM.custom]: { ...(message.custom ?? this.customParameters) },
      'https://example.org/unknown-claim': { anything: true },
    };
    if (message.type === 'LtiResourceLinkRequest') {
      claims[LTI_CLAIM.resourceLink] = { id: message.resourceLinkId ?? `link-${message.contextId ?? 'home'}`, title: 'e-carnet' };
    } else {
      claims[LTI_CLAIM.deepLinkingSettings] = {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: message.acceptMultiple ?? false,
        data: 'opaque-platform-data',
      };
    }
    if (context) {
      claims[LTI_CLAIM.context] = { id: context.id, title: context.title, label: context.id, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] };
      claims[LTI_CLAIM.namesRoleService] = { context_memberships_url: `${this.url}/nrps/${context.id}`, service_versions: ['2.0'] };
    }
    if (user.mentees) claims[LTI_CLAIM.roleScopeMentor] = [...user.mentees];
    if (!message.withoutPii) {
      if (user.givenName) claims.given_name = user.givenName;
      if (user.familyName) claims.family_name = user.familyName;
      if (user.givenName || user.familyName) claims.name = `${user.givenName ?? ''} ${user.familyName ?? ''}`.trim();
      if (user.email) claims.email = user.email;
      if (user.locale) claims.locale = user.locale;
    }
    return claims;
  }

  /** Signs claims as an id_token: RS256 with the current key, or as an attack asks. */
  async sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
    const alg = options.alg ?? 'RS256';
    if (alg === 'none') return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const signing = options.foreignKey ? (this.foreign ??= await newKey()) : this.keys[this.keys.length - 1]!;
    const header: Record<string, string> = { alg, typ: 'JWT' };
    const kid = options.kid === undefined ? signing.kid : options.kid;
    if (kid !== null) header.kid = kid;
    if (alg === 'HS256') {
      // The classic confusion attack: an HMAC keyed with the platform's public key.
      const input = `${base64url(header)}.${base64url(claims)}`;
      const secret = await exportSPKI(signing.publicKey);
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...header }).sign(signing.privateKey);
  }

  /** Takes a login's authorization request as a browser would and returns the form post to the tool. */
  async authorize(authorizationUrl: string): Promise<{ action: string; idToken: string; state: string }> {
    const response = await fetch(authorizationUrl);
    const html = await response.text();
    if (response.status !== 200) throw new Error(`authorization refused (${response.status}): ${html}`);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
    return { action, idToken: field('id_token'), state: field('state') };
  }

  private requireTool(): ToolRegistrationRecord {
    if (!this.tool) throw new Error('no tool registered with the simulated platform');
    return this.tool;
  }

  private routes(app: express.Express): void {
    app.get('/jwks', (_req, res) => {
      this.counts.jwks += 1;
      if (this.jwksUnavailable) {
        res.status(503).end();
        return;
      }
      res.set('Cache-Control', this.jwksCacheControl).json({ keys: this.keys.map((key) => key.publicJwk) });
    });

    app.get('/.well-known/openid-configuration', (_req, res) => {
      this.counts.configuration += 1;
      res.json({
        issuer: this.issuer,
        authorization_endpoint: `${this.url}/auth`,
        token_endpoint: `${this.url}/token`,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
        jwks_uri: `${this.url}/jwks`,
        registration_endpoint: `${this.url}/register`,
        scopes_supported: ['openid', NRPS_SCOPE],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public', 'pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
        [PLATFORM_CONFIGURATION_CLAIM]: {
          product_family_code: 'ENT simulé',
          version: '1.0',
          messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
        },
      });
    });

    app.post('/register', (req, res) => this.register(req, res));
    app.get('/auth', (req, res) => this.authorizationEndpoint(req, res));
    app.post('/token', (req, res) => this.tokenEndpoint(req, res));
    app.get('/nrps/:contextId', (req, res) => this.membershipEndpoint(req, res));
    app.post('/deep-link-return', (req, res) => this.deepLinkReturn(req, res));

    // Browser pages.
    app.get('/course/:contextId', (req, res) => {
      const context = this.contexts.get(req.params.contextId);
      const user = String(req.query.user ?? '');
      const link = this.placed.find((placed) => placed.id === req.query.link);
      const type = req.query.message === 'deepLink' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest';
      const storage = req.query.storage === '1';
      const loginUrl = this.loginUrl(
        { user, type, contextId: context?.id, targetLinkUri: link?.url, resourceLinkId: link?.id, ...(link ? { custom: link.custom } : {}) },
        storage ? { storageTarget: '_parent' } : {},
      );
      // The person signed in to the platform, as its own (first-party) session cookie says.
      res.cookie('sim_user', user, { httpOnly: true, sameSite: 'lax', path: '/' });
      res.send(coursePage(context?.title ?? 'Cours', loginUrl, storage));
    });
    // A page of another origin (reach it as localhost) claiming to be the platform's storage.
    app.get('/foreign-course/:contextId', (req, res) => {
      const loginUrl = this.loginUrl({ user: String(req.query.user ?? ''), type: 'LtiResourceLinkRequest', contextId: req.params.contextId }, { storageTarget: '_parent' });
      res.send(foreignCapabilitiesPage(loginUrl, this.url));
    });
    // Moodle's activity launch page, under the issuer's path: a fresh login initiation, auto-posted.
    app.get(/\/mod\/lti\/launch\.php$/, (req, res) => {
      const activityId = String(req.query.id ?? '');
      const activity = this.activities.get(activityId);
      const user = /(?:^|;\s*)sim_user=([^;]+)/.exec(req.get('cookie') ?? '')?.[1];
      if (!activity || !user || !req.path.startsWith(new URL(this.issuer).pathname)) {
        res.status(400).send('Invalid request');
        return;
      }
      this.counts.activityLaunches += 1;
      res.send(formPostPage(this.requireTool().loginUrl, this.loginParameters({ ...activity, user: decodeURIComponent(user) }, { activityId })));
    });
    app.get('/sneaky', (_req, res) => {
      res.send(sneakyFramePage());
    });
    app.post('/sneaky-seen', (_req, res) => {
      this.counts.sneaky += 1;
      res.status(204).end();
    });
    app.get('/admin/register', (req, res) => {
      const toolUrl = new URL(String(req.query.url));
      toolUrl.searchParams.set('openid_configuration', this.endpoints.openidConfiguration);
      toolUrl.searchParams.set('registration_token', this.registrationToken());
      res.send(registrationPage(toolUrl.toString()));
    });
  }

  private register(req: Request, res: Response): void {
    const token = (req.get('authorization') ?? '').replace(/^Bearer /, '');
    if (!this.registrationTokens.delete(token)) {
      res.status(401).json({ error: 'invalid_token' });
      return;
    }
    const body = req.body as Record<string, unknown>;
    const configuration = body[TOOL_CONFIGURATION_CLAIM] as { messages?: unknown[] } | undefined;
    if (typeof body.initiate_login_uri !== 'string' || !Array.isArray(body.redirect_uris) || typeof body.jwks_uri !== 'string' || !configuration) {
      res.status(400).json({ error: 'invalid_client_metadata' });
      return;
    }
    this.counts.registration += 1;
    this.clientId = this.registrationClientId ?? `client-${randomUUID()}`;
    this.deploymentId = `deployment-${randomUUID().slice(0, 8)}`;
    this.tool = { loginUrl: body.initiate_login_uri, redirectUris: body.redirect_uris as string[], jwksUrl: body.jwks_uri };
    this.toolKeySet = createRemoteJWKSet(new URL(body.jwks_uri));
    res.json({ client_id: this.clientId, ...body, [TOOL_CONFIGURATION_CLAIM]: { ...configuration, deployment_id: this.deploymentId } });
  }

  private async authorizationEndpoint(req: Request, res: Response): Promise<void> {
    this.counts.authorization += 1;
    const query = req.query as Record<string, string>;
    const tool = this.requireTool();
    const message = this.messages.get(query.lti_message_hint ?? '');
    // Single use, as Moodle's `$SESSION` entry: whatever comes of this request, the hint is spent.
    this.messages.delete(query.lti_message_hint ?? '');
    if (!message) {
      res.status(400).send('Invalid request');
      return;
    }
    const problems = [
      query.scope !== 'openid' && 'scope',
      query.response_type !== 'id_token' && 'response_type',
      query.response_mode !== 'form_post' && 'response_mode',
      query.prompt !== 'none' && 'prompt',
      query.client_id !== this.clientId && 'client_id',
      !tool.redirectUris.includes(query.redirect_uri ?? '') && 'redirect_uri',
      !query.nonce && 'nonce',
      !query.state && 'state',
      (!message || message.user !== query.login_hint) && 'login_hint',
    ].filter(Boolean);
    if (problems.length > 0 || !message) {
      res.status(400).send(`invalid authorization request: ${problems.join(', ')}`);
      return;
    }
    const idToken = await this.sign(this.claimsFor(message, query.nonce!));
    res.send(formPostPage(query.redirect_uri!, { id_token: idToken, state: query.state! }));
  }

  private async tokenEndpoint(req: Request, res: Response): Promise<void> {
    this.counts.token += 1;
    const body = req.body as Record<string, string>;
    if (body.grant_type !== 'client_credentials' || body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    try {
      await jwtVerify(body.client_assertion ?? '', this.toolKeySet!, {
        issuer: this.clientId,
        subject: this.clientId,
        audience: `${this.url}/token`,
        algorithms: ['RS256'],
        currentDate: this.clock.now(),
        requiredClaims: ['jti', 'exp', 'iat'],
      });
    } catch {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    if (!(body.scope ?? '').split(' ').includes(NRPS_SCOPE)) {
      res.status(400).json({ error: 'invalid_scope' });
      return;
    }
    const token = randomUUID();
    this.accessTokens.add(token);
    res.json({ access_token: token, token_type: 'bearer', expires_in: 3600, scope: NRPS_SCOPE });
  }

  private async membershipEndpoint(req: Request, res: Response): Promise<void> {
    this.counts.nrps += 1;
    if (this.membershipDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.membershipDelayMs));
    const token = (req.get('authorization') ?? '').replace(/^Bearer /, '');
    const context = this.contexts.get(String(req.params.contextId));
    if (!this.accessTokens.has(token)) {
      res.status(401).json({ error: 'invalid_token' });
      return;
    }
    if (this.membershipUnavailable) {
      res.status(503).end();
      return;
    }
    if (!context || !String(req.get('accept')).includes(NRPS_MEDIA_TYPE)) {
      res.status(404).end();
      return;
    }
    const page = Number(req.query.page ?? '0');
    const members = context.members.map((sub) => this.users.get(sub)!);
    const slice = members.slice(page * this.nrpsPageSize, (page + 1) * this.nrpsPageSize);
    if (page === 0 && this.membershipNextUrl !== undefined) res.set('Link', `<${this.membershipNextUrl}>; rel="next"`);
    else if ((page + 1) * this.nrpsPageSize < members.length) res.set('Link', `<${this.url}/nrps/${context.id}?page=${page + 1}>; rel="next"`);
    res.type(NRPS_MEDIA_TYPE).send(
      JSON.stringify({
        id: `${this.url}/nrps/${context.id}`,
        context: { id: this.membershipContextId ?? context.id, title: context.title },
        members: slice.map((user) => ({
          user_id: user.sub,
          status: user.status ?? 'Active',
          roles: user.roles,
          given_name: user.givenName,
          family_name: user.familyName,
          name: `${user.givenName ?? ''} ${user.familyName ?? ''}`.trim(),
          email: user.email,
        })),
      }),
    );
  }

  private async deepLinkReturn(req: Request, res: Response): Promise<void> {
    try {
      const { payload } = await jwtVerify(String((req.body as Record<string, unknown>).JWT ?? ''), this.toolKeySet!, {
        issuer: this.clientId,
        audience: this.issuer,
        algorithms: ['RS256'],
        currentDate: this.clock.now(),
      });
      if (payload[LTI_CLAIM.messageType] !== 'LtiDeepLinkingResponse' || payload[LTI_CLAIM.deploymentId] !== this.deploymentId) {
        throw new Error('not a deep-linking response for this deployment');
      }
      this.deepLinkResponses.push(payload);
      const items = (payload[LTI_CLAIM.contentItems] ?? []) as { title: string; url: string; custom?: Record<string, string> }[];
      for (const item of items) this.placed.push({ id: `placed-${this.placed.length + 1}`, title: item.title, url: item.url, custom: item.custom ?? {} });
      res.send(placedPage(items.map((item) => item.title)));
    } catch (error) {
      res.status(400).send(`refused: ${(error as Error).message}`);
    }
  }
}

async function newKey(): Promise<SimKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
