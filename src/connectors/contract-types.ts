/**
 * The connector contract's shapes: what an identity source or roster source hands to e-carnet.
 * A connector turns claims or rows into these shapes; the one provisioner
 * (`src/auth/provisioner.ts`) decides what they change. A connector never touches the model.
 * Connectors import them through `contract.ts`; the option readers beside it import them here.
 */
import type { SchoolRole } from '../model/roles.js';

/** How far a claim about a parent–child link can be trusted. */
type LinkTrust =
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
  /** Plain-http provider (tests; in production only to a loopback address). */
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
