/**
 * The connector contract: what an identity source or roster source hands to e-carnet. A
 * connector (a folder in `connectors/<id>/` with `connector.json` and `index.ts`) imports only
 * this file. It turns claims or rows into these shapes; the one provisioner
 * (`src/auth/provisioner.ts`) decides what they change. A connector never touches the model.
 */
import { isIP } from 'node:net';
import type { SchoolRole } from '../model/roles.js';

/** How far a claim about a parent–child link can be trusted. */
export type LinkTrust =
  /** The school's own records or the ENT's directory (fed by them): the link is approved. */
  | 'authoritative'
  /** A claim the school must confirm (e.g. EduConnect's FrEduVecteur): the link waits, pending. */
  | 'proposed';

/** Where a school is named: by its UAI (identity providers, rosters) or by id (an LTI deployment bound to a school). */
export type SchoolReference = { readonly uai: string } | { readonly schoolId: string };

/** A class the person belongs to, as the source names it. */
export interface ClassClaim {
  readonly school: SchoolReference;
  /** The source's stable id for the class (ENT class id, LTI context id, roster code). */
  readonly externalRef: string;
  readonly name?: string;
  /** Role in the class: teaching it or enrolled in it. */
  readonly as: 'teacher' | 'pupil';
  readonly isMainTeacher?: boolean;
}

/** A child a guardian claims, with what it takes to find the child among the school's pupils. */
export interface ChildClaim {
  readonly school: SchoolReference;
  /** The child's own account at the same issuer, when the source knows it. */
  readonly subject?: string;
  /** The child's pupil key (ELV) in the académie directory, as the school's records hold it (FrEduVecteur id, ENT externalId). */
  readonly externalRef?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** YYYY-MM-DD, to tell apart two pupils of the same name. */
  readonly birthDate?: string;
  readonly trust: LinkTrust;
}

/**
 * A person as an identity source vouches for them, after the connector has checked the
 * protocol (signatures, audience, nonce…). Only what the source states is set.
 */
export interface NormalizedIdentity {
  /** Who vouches: the IdP entity id, the OIDC issuer, the CAS server, the LTI platform issuer. */
  readonly issuer: string;
  /** The person's stable id at that issuer (FrEduCtId, sub, CAS user, LTI sub). */
  readonly subject: string;
  /** The configured connector that checked it. */
  readonly connectorId: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly preferredLanguage?: string;
  /**
   * The person's own keys in the académie directory (AAF join keys: EduConnect's FrEduCtRefId,
   * the ENT's externalId), when the source vouches for them, each with its kind. A first sign-in
   * then finds the person a roster import already created, with the links the school recorded.
   */
  readonly directoryKeys?: readonly DirectoryKey[];
  /** Roles by school. A role in a school e-carnet does not host is ignored. */
  readonly schools: readonly { readonly school: SchoolReference; readonly roles: readonly SchoolRole[] }[];
  readonly classes: readonly ClassClaim[];
  readonly children: readonly ChildClaim[];
}

/**
 * A key of the académie directory (AAF) and what it designates: a pupil (AAF `ELV`: SIECLE
 * ELEVE_ID, ONDE's id, an ENT pupil's externalId) or a responsible adult (`RESP`: SIECLE
 * PERSONNE_ID). The two kinds come from separate sequences, so the same digits may name two people.
 */
export interface DirectoryKey {
  readonly kind: 'pupil' | 'guardian';
  readonly key: string;
}

/** What a connector declares in its `connector.json`. */
export interface ConnectorManifest {
  readonly id: string;
  readonly name: string;
  /** `saml`, `oidc`, `cas` for sign-in; `roster` for imports. */
  readonly protocol: 'saml' | 'oidc' | 'cas' | 'roster';
  readonly description?: string;
  /** Option names this connector reads from its `options` in ECARNET_CONFIG, with whether each is required. */
  readonly options: Readonly<Record<string, { readonly required: boolean; readonly description: string; readonly secret?: boolean }>>;
}

/*
 * ——— Loading ———————————————————————————————————————————————————————————————————————————————
 */

/** What a connector receives when it is loaded: its entry of ECARNET_CONFIG, secrets resolved. */
export interface ConnectorSetup {
  /** The configured id, used in URLs (`/auth/oidc/<id>/login`) and in `signInMethod`. */
  readonly id: string;
  readonly displayName: string;
  /** The deployment's public URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly mode: 'demo' | 'production';
  /** UAIs this connector serves; empty means every school e-carnet hosts. */
  readonly schools: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Values of the environment variables the options name (`clientSecretEnv`…), by variable name. */
  readonly secrets: Readonly<Record<string, string>>;
}

/** A loaded connector, or every problem found in its configuration (the start stops on them). */
export type ConnectorLoad =
  | { readonly ok: true; readonly connector: Connector }
  | { readonly ok: false; readonly problems: readonly string[] };

/** What `connectors/<id>/index.ts` exports as default. Its manifest is `connector.json` beside it. */
export interface ConnectorModule {
  load(setup: ConnectorSetup): ConnectorLoad;
}

/** Any kind of connector. */
export type Connector = SamlConnector | OidcConnector | CasConnector | RosterConnector;

/**
 * A sign-in connector. `authoritative`: what it states is applied without the school's
 * confirmation (school roles, classes, parent links from the ENT's directory). Such a connector
 * must list the schools it serves in production; one that only proposes links (ÉduConnect) may
 * serve every school.
 */
export type VouchingConnector = SamlConnector | OidcConnector | CasConnector;

/**
 * What a connector made of what the source said: a person, or the facts the source left out
 * (the sign-in is then refused, and nothing is created).
 */
export type IdentityMapping =
  | { readonly ok: true; readonly identity: NormalizedIdentity }
  | { readonly ok: false; readonly missing: readonly string[] };

/*
 * ——— SAML 2.0 ——————————————————————————————————————————————————————————————————————————————
 */

/** The identity provider, as its metadata describes it. */
export interface SamlIdentityProvider {
  readonly entityId: string;
  /** HTTP-Redirect SingleSignOnService location. */
  readonly ssoUrl: string;
  /** HTTP-Redirect SingleLogoutService location, when the IdP offers single logout. */
  readonly sloUrl?: string;
  /** PEM certificates (or public keys) whose signatures are accepted; several during a key rollover. */
  readonly certificates: readonly string[];
}

/** e-carnet's own keys as a SAML service provider (PEM). */
export interface SamlServiceProviderKeys {
  /** Signs AuthnRequests and LogoutRequests. */
  readonly signingKey: string;
  readonly signingCertificate: string;
  /** Decrypts encrypted assertions; the IdP encrypts for this certificate. */
  readonly decryptionKey?: string;
  readonly decryptionCertificate?: string;
}

/** The facts of an assertion whose signature, audience, recipient, validity and freshness were checked. */
export interface SamlAssertionFacts {
  /** The IdP entity id (the assertion's Issuer, checked against the configuration). */
  readonly issuer: string;
  readonly nameId: string;
  readonly nameIdFormat: string | null;
  /** Attribute values by `Name` (an OID URN such as `urn:oid:2.5.4.4`, or a plain name) and by `FriendlyName`. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/**
 * A SAML connector: its identity provider, its keys, and how attributes become a person. The
 * protocol itself (signatures, InResponseTo, replay…) is checked by e-carnet, never by the connector.
 */
export interface SamlConnector {
  readonly protocol: 'saml';
  readonly idp: SamlIdentityProvider;
  readonly keys: SamlServiceProviderKeys;
  /**
   * Require the whole Response to be signed, not only its assertion. On by default; an IdP that
   * signs assertions only needs `acceptUnsignedResponseEnvelope: true` in its options.
   */
  readonly requireSignedResponse: boolean;
  /** Tolerated clock difference with the IdP, in seconds (small: 0 to 300). */
  readonly clockSkewSeconds: number;
  /** Attributes asked for, in the SP metadata. */
  readonly requestedAttributes: readonly { readonly name: string; readonly friendlyName: string }[];
  /** See `VouchingConnector.authoritative`. */
  readonly authoritative: boolean;
  toIdentity(facts: SamlAssertionFacts, connectorId: string): IdentityMapping;
}

/*
 * ——— OpenID Connect —————————————————————————————————————————————————————————————————————————
 */

/** Claims of a checked ID token merged with those of the userinfo response (whose `sub` was checked). */
export type OidcClaims = Readonly<Record<string, unknown>>;

/**
 * An OpenID Connect connector: discovery at its issuer, authorisation code flow with PKCE, state
 * and nonce; the connector only says which scopes to ask and how claims become a person.
 */
export interface OidcConnector {
  readonly protocol: 'oidc';
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  /**
   * PKCE `plain` instead of S256, for providers that offer nothing else. Weakens the protection
   * against stolen authorisation codes: named loudly on purpose (`allowInsecurePkcePlain`).
   */
  readonly allowInsecurePkcePlain: boolean;
  /** Plain-http provider (tests on 127.0.0.1 only; refused in production). */
  readonly allowInsecureHttp: boolean;
  /** `Accept` header of the userinfo request (Edifice chooses the userinfo version with it). */
  readonly userinfoAccept?: string;
  /** See `VouchingConnector.authoritative`. */
  readonly authoritative: boolean;
  toIdentity(claims: OidcClaims, issuer: string, connectorId: string): IdentityMapping;
  /** Reads a class roster from the ENT's directory, page by page, when the ENT offers it. */
  readonly directory?: ClassDirectory;
}

/** Fetches JSON from the ENT with the connector's credentials; given to directory readers. */
export type FetchJson = (url: URL) => Promise<unknown>;

/** Reads the pupils of one class from an ENT directory. */
export interface ClassDirectory {
  /** Scopes of the client-credentials token the directory needs. */
  readonly scopes: readonly string[];
  /** Every pupil of the class (the reader follows the pages itself). */
  classRoster(fetchJson: FetchJson, classExternalRef: string): Promise<readonly DirectoryPupil[]>;
}

/** A pupil as an ENT directory lists them. */
export interface DirectoryPupil {
  readonly subject: string;
  readonly externalRef?: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate?: string;
}

/*
 * ——— CAS 3.0 ———————————————————————————————————————————————————————————————————————————————
 */

/** What a CAS server vouched for at `/p3/serviceValidate`. */
export interface CasValidationFacts {
  /** The CAS server's base URL (the issuer of the identity). */
  readonly serverUrl: string;
  readonly user: string;
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/** A CAS 3.0 connector: where the server is and how its attributes become a person. */
export interface CasConnector {
  readonly protocol: 'cas';
  /** Base URL of the CAS server, e.g. `https://ent.example.fr/cas`. */
  readonly serverUrl: string;
  readonly allowInsecureHttp: boolean;
  /**
   * Addresses and subnets (`192.0.2.10`, `10.1.0.0/16`) the CAS server posts its back-channel
   * single logout from. CAS does not sign these requests, so they are accepted only from there;
   * empty: back-channel logout is refused.
   */
  readonly backChannelLogoutFrom: readonly string[];
  /** See `VouchingConnector.authoritative`. */
  readonly authoritative: boolean;
  toIdentity(facts: CasValidationFacts, connectorId: string): IdentityMapping;
}

/*
 * ——— Roster import ——————————————————————————————————————————————————————————————————————————
 */

/** A legal guardian of a pupil, as the school's records state them. */
export interface RosterGuardianRecord {
  /** The records' own id of the guardian (SIECLE PERSONNE_ID…), also the AAF join key. */
  readonly externalRef?: string;
  /** Responsable légal 1 or 2. */
  readonly rank: number;
  readonly givenName: string;
  readonly familyName: string;
  readonly relationship?: 'mother' | 'father' | 'guardian' | 'childWelfare' | 'other';
  readonly email?: string;
  readonly phone?: string;
  /** What the records say: full authority, or a restriction. */
  readonly status: 'full' | 'informationOnly' | 'noAccess';
  /** Required for a restriction: the decision or document it rests on. */
  readonly legalBasis?: { readonly kind: 'courtDecision' | 'agreement' | 'other'; readonly reference: string; readonly date: string };
}

/** A pupil of the school's records, with their class and guardians. */
export interface RosterPupilRecord {
  /** Line of the file (first data line is 2), to point at problems. */
  readonly line: number;
  /** The records' own id of the pupil (ELEVE_ID, INE…), also the AAF join key. */
  readonly externalRef?: string;
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD. */
  readonly birthDate?: string;
  readonly class: { readonly externalRef: string; readonly name: string; readonly levels?: string };
  readonly guardians: readonly RosterGuardianRecord[];
}

/** A line the connector could not read; nothing is imported while any remains. */
export interface RosterProblem {
  readonly line: number;
  /** The column concerned, as named in the file. */
  readonly column?: string;
  readonly problem:
    | 'missingColumn'
    | 'missingValue'
    | 'invalidDate'
    | 'invalidStatus'
    /** The same guardian of the same pupil stated twice with different statuses: the school's records must say one. */
    | 'conflictingStatus'
    | 'missingLegalBasis'
    | 'emptyFile'
    | 'unreadable';
}

/** What a roster connector read from a file. */
export interface RosterParseResult {
  readonly records: readonly RosterPupilRecord[];
  readonly problems: readonly RosterProblem[];
}

/** A roster connector: reads a school's pupil-records export with one of its column presets. */
export interface RosterConnector {
  readonly protocol: 'roster';
  /** Presets it knows (e.g. `onde`, `siecle`). */
  readonly presets: readonly string[];
  parse(text: string, preset: string): RosterParseResult;
}

/*
 * ——— Reading options ———————————————————————————————————————————————————————————————————————
 */

/**
 * Reads a connector's options and collects every problem instead of stopping at the first, so
 * that a misconfigured connector is reported in full at start.
 */
export class ConnectorOptions {
  readonly problems: string[] = [];

  constructor(private readonly setup: ConnectorSetup) {}

  /** A non-empty string option. */
  string(name: string, required: true): string;
  string(name: string, required?: false): string | undefined;
  string(name: string, required = false): string | undefined {
    const value = this.setup.options[name];
    if (value === undefined) {
      if (required) this.problems.push(`option "${name}" is required`);
      return required ? '' : undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.push(`option "${name}" must be a non-empty string`);
      return required ? '' : undefined;
    }
    return value.trim();
  }

  /** An absolute URL; https in production (http only when `allowHttp`, for tests on 127.0.0.1). */
  url(name: string, required: true, allowHttp?: boolean): string;
  url(name: string, required: false, allowHttp?: boolean): string | undefined;
  url(name: string, required: boolean, allowHttp = false): string | undefined {
    const value = required ? this.string(name, true) : this.string(name);
    if (value === undefined || value === '') return value;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`option "${name}" must be an absolute URL`);
      return value;
    }
    if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) {
      this.problems.push(`option "${name}" must be an https URL`);
    }
    return value.replace(/\/+$/, '');
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.setup.options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problems.push(`option "${name}" must be true or false`);
      return fallback;
    }
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.setup.options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`option "${name}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** A list of non-empty strings; a single string counts as a list of one. */
  stringList(name: string, fallback: readonly string[], required = false): readonly string[] {
    const value = this.setup.options[name];
    if (value === undefined) {
      if (required) this.problems.push(`option "${name}" is required`);
      return fallback;
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
      this.problems.push(`option "${name}" must be a non-empty list of strings`);
      return fallback;
    }
    return list.map((item: string) => item.trim());
  }

  /** An object whose values are strings (a mapping table). */
  stringMap(name: string): Readonly<Record<string, string>> {
    const value = this.setup.options[name];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      this.problems.push(`option "${name}" must map names to strings`);
      return {};
    }
    return value as Record<string, string>;
  }

  /** An object whose values are lists of strings (e.g. role → accepted values). */
  listMap(name: string): Readonly<Record<string, readonly string[]>> {
    const value = this.setup.options[name];
    if (value === undefined) return {};
    const valid =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'));
    if (!valid) {
      this.problems.push(`option "${name}" must map names to lists of strings`);
      return {};
    }
    return value as Record<string, readonly string[]>;
  }

  /**
   * A list of IP addresses or subnets in CIDR notation (`192.0.2.10`, `10.1.0.0/16`, `2001:db8::/32`),
   * empty when the option is absent.
   */
  addressList(name: string): readonly string[] {
    if (this.setup.options[name] === undefined) return [];
    const list = this.stringList(name, []);
    for (const item of list) {
      if (!isAddressOrSubnet(item)) this.problems.push(`option "${name}": "${item}" is not an IP address or subnet (CIDR)`);
    }
    return list;
  }

  /** Refuses names of a mapping table that the connector does not read (a typo would be silently ignored). */
  knownKeys(name: string, table: object, known: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (!known.includes(key)) this.problems.push(`option "${name}": unknown entry "${key}" (known: ${known.join(', ')})`);
    }
  }

  /** A PEM block (certificate, public or private key). */
  pem(name: string, value: string | undefined, required: boolean): string | undefined {
    if (value === '') return value; // already reported as missing
    if (value === undefined) {
      if (required) this.problems.push(`option "${name}" is required`);
      return undefined;
    }
    if (!/^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/.test(value.trim())) {
      this.problems.push(`option "${name}" must be a PEM block (-----BEGIN …-----)`);
    }
    return value.trim();
  }

  /**
   * A secret: the option (ending in `Env`) names the environment variable that holds it. The
   * configuration loader already refused a start without the variable.
   */
  secret(name: string, required: boolean): string | undefined {
    const variable = required ? this.string(name, true) : this.string(name);
    // A missing required option was reported once already; '' tells the callers not to report it again.
    if (variable === undefined || variable === '') return required ? '' : undefined;
    const value = this.setup.secrets[variable];
    if (value === undefined && required) this.problems.push(`option "${name}": the variable ${variable} is not set`);
    return value ?? (required ? '' : undefined);
  }

  /** The options' outcome: the connector, or every problem. */
  result(connector: () => Connector): ConnectorLoad {
    if (this.problems.length > 0) return { ok: false, problems: [...this.problems] };
    return { ok: true, connector: connector() };
  }
}

/** An IPv4 or IPv6 address, with an optional prefix length. */
function isAddressOrSubnet(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Names compared without case, accents, hyphens, spaces or punctuation: "Léa-Marie" matches
 * "LEA MARIE". Letters of every script are kept (Мария, عائشة, 李), so names written in other
 * alphabets compare as themselves. A name with no letter at all gives '', which must match nothing.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

/** Values of a multi-valued attribute or claim, as strings. */
export function valuesOf(source: ReadonlyMap<string, readonly string[]>, ...names: readonly string[]): readonly string[] {
  for (const name of names) {
    const values = source.get(name);
    if (values && values.length > 0) return values;
  }
  return [];
}

/** A UAI such as 0750001A (upper-cased), or undefined when the value is not one. */
export function asUai(value: string | undefined): string | undefined {
  const uai = value?.trim().toUpperCase();
  return uai && /^\d{7}[A-Z]$/.test(uai) ? uai : undefined;
}

/**
 * `allowInsecureHttp`: plain-http identity providers, for tests on 127.0.0.1 only. Refused (and
 * reported) in production, where every provider URL must be https.
 */
export function insecureHttpAllowed(options: ConnectorOptions, setup: ConnectorSetup): boolean {
  const asked = options.boolean('allowInsecureHttp', false);
  if (asked && setup.mode === 'production') options.problems.push('option "allowInsecureHttp" is refused in production');
  return asked && setup.mode !== 'production';
}

/** The identity provider, keys and checks every SAML connector reads the same way. */
export interface SamlSettings {
  readonly idp: SamlIdentityProvider;
  readonly keys: SamlServiceProviderKeys;
  readonly requireSignedResponse: boolean;
  readonly clockSkewSeconds: number;
}

/**
 * Reads the SAML options shared by every SAML connector: `idpEntityId`, `idpSsoUrl`, `idpSloUrl`,
 * `idpCertificates` (PEM, one or a list), `spSigningKeyEnv` + `spSigningCertificate`,
 * `spDecryptionKeyEnv` + `spDecryptionCertificate`, `acceptUnsignedResponseEnvelope`,
 * `clockSkewSeconds`, `allowInsecureHttp` (tests only, refused in production).
 */
export function readSamlSettings(options: ConnectorOptions, setup: ConnectorSetup): SamlSettings {
  const allowHttp = insecureHttpAllowed(options, setup);
  const certificates = options.stringList('idpCertificates', [], true).map((pem, index) => options.pem(`idpCertificates[${index}]`, pem, true) ?? '');
  const signingKey = options.pem('spSigningKeyEnv', options.secret('spSigningKeyEnv', true), true) ?? '';
  const signingCertificate = options.pem('spSigningCertificate', options.string('spSigningCertificate', true), true) ?? '';
  const decryptionKey = options.pem('spDecryptionKeyEnv', options.secret('spDecryptionKeyEnv', false), false);
  const decryptionCertificate = options.pem('spDecryptionCertificate', options.string('spDecryptionCertificate'), false);
  if ((decryptionKey === undefined) !== (decryptionCertificate === undefined)) {
    options.problems.push('options "spDecryptionKeyEnv" and "spDecryptionCertificate" go together');
  }
  const sloUrl = options.url('idpSloUrl', false, allowHttp);
  return {
    idp: {
      entityId: options.string('idpEntityId', true),
      ssoUrl: options.url('idpSsoUrl', true, allowHttp),
      ...(sloUrl === undefined ? {} : { sloUrl }),
      certificates,
    },
    keys: {
      signingKey,
      signingCertificate,
      ...(decryptionKey === undefined ? {} : { decryptionKey }),
      ...(decryptionCertificate === undefined ? {} : { decryptionCertificate }),
    },
    requireSignedResponse: !options.boolean('acceptUnsignedResponseEnvelope', false),
    clockSkewSeconds: options.integer('clockSkewSeconds', 60, 0, 300),
  };
}

export const MAPPABLE_ROLES = ['teacher', 'staff', 'pupil', 'parent'] as const;

/**
 * The roles a table `{ teacher: ['ENS', …], pupil: [...] }` gives to these values. Unknown values
 * give nothing. A school's director is named by the school, never by an identity provider.
 */
/** The entries a generic connector's mapping table may have. */
export const IDENTITY_TABLE_KEYS = ['subject', 'givenName', 'familyName', 'email', 'role', 'uai'] as const;

/** Which claim or attribute holds what, in a generic connector's mapping table. */
export interface IdentityTable {
  readonly subject?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly role?: string;
  readonly uai?: string;
}

/** The source a mapping table reads: who vouches, and the values of a claim or attribute by name. */
export interface TableSource {
  readonly issuer: string;
  readonly connectorId: string;
  readonly valuesOf: (name: string) => readonly string[];
  /** The subject when the table names no claim for it (a SAML NameID). */
  readonly defaultSubject?: string;
  /** How the missing subject is named in the error, when the table names none. */
  readonly defaultSubjectName: string;
}

/**
 * A person through a generic connector's table (the SAML and OIDC connectors share it): subject,
 * names, e-mail, and the roles its role table grants in the schools named by the `uai` claim.
 * Names and e-mail are set only when given: the provisioner keeps what it knows otherwise.
 */
export function identityFromTable(
  source: TableSource,
  table: IdentityTable,
  roleValues: Readonly<Record<string, readonly string[]>>,
): IdentityMapping {
  const values = (name: string | undefined) => (name ? source.valuesOf(name) : []);
  const first = (name: string | undefined) => values(name)[0]?.trim() || undefined;
  const subject = table.subject ? first(table.subject) : source.defaultSubject;
  if (!subject) return { ok: false, missing: [table.subject ?? source.defaultSubjectName] };
  const roles = rolesFromValues(values(table.role), roleValues);
  const uais = values(table.uai)
    .map(asUai)
    .filter((uai): uai is string => uai !== undefined);
  const givenName = first(table.givenName);
  const familyName = first(table.familyName);
  const email = first(table.email);
  return {
    ok: true,
    identity: {
      issuer: source.issuer,
      subject,
      connectorId: source.connectorId,
      ...(givenName ? { givenName } : {}),
      ...(familyName ? { familyName } : {}),
      ...(email ? { email } : {}),
      schools: roles.length > 0 ? uais.map((uai) => ({ school: { uai }, roles })) : [],
      classes: [],
      children: [],
    },
  };
}

/** Roles a generic connector may grant from a mapping table; `director` is never taken from a claim. */
export function rolesFromValues(
  values: readonly string[],
  table: Readonly<Record<string, readonly string[]>>,
): SchoolRole[] {
  const roles: SchoolRole[] = [];
  for (const role of MAPPABLE_ROLES) {
    const accepted = (table[role] ?? []).map((value) => value.toLowerCase());
    if (values.some((value) => accepted.includes(value.toLowerCase()))) roles.push(role);
  }
  return roles;
}

/** Checks a role table's keys (used by generic connectors when they load). */
export function checkRoleTable(options: ConnectorOptions, name: string, table: Readonly<Record<string, readonly string[]>>): void {
  for (const key of Object.keys(table)) {
    if (!(MAPPABLE_ROLES as readonly string[]).includes(key)) {
      options.problems.push(`option "${name}": "${key}" is not a role a connector may grant (${MAPPABLE_ROLES.join(', ')})`);
    }
  }
}
