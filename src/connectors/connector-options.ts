/**
 * Reading a connector's options (every problem collected, so a misconfigured connector is
 * reported in full at start) and the small value readers connectors share.
 */
import { isIP } from 'node:net';
import type { Connector, ConnectorLoad, ConnectorSetup, OidcConnector, SamlIdentityProvider, SamlServiceProviderKeys } from './contract-types.js';

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

  /**
   * An absolute URL, https; plain http only when `allowHttp`, and in production only to a
   * loopback address.
   */
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
    } else if (parsed.protocol === 'http:' && this.setup.mode === 'production' && !isLoopbackHost(parsed.hostname)) {
      // Plain http in production only to this very machine, where no network carries the
      // exchange (a provider beside the module, or a test of the production set-up).
      this.problems.push(`option "${name}" must be an https URL (plain http is allowed in production only on this machine: 127.0.0.1, ::1, localhost)`);
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
 * Upper-cased records (ÉduConnect, SIECLE) lose two letters' identity: Turkish dotless ı becomes I
 * ("Yılmaz" is written "YILMAZ") and ß becomes SS, so both are folded the same way.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss')
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
 * `allowInsecureHttp`: plain-http identity providers, for tests. In production a provider URL
 * may be plain http only when it names this machine's loopback (checked by `url`), so that the
 * production set-up itself can be tested end to end; any other address must be https.
 */
export function insecureHttpAllowed(options: ConnectorOptions, _setup: ConnectorSetup): boolean {
  return options.boolean('allowInsecureHttp', false);
}

/** 127.0.0.0/8, ::1 and localhost: addresses that never leave the machine. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The identity provider, keys and checks every SAML connector reads the same way. */
interface SamlSettings {
  readonly idp: SamlIdentityProvider;
  readonly keys: SamlServiceProviderKeys;
  readonly requireSignedResponse: boolean;
  readonly clockSkewSeconds: number;
}

/**
 * Reads the SAML options shared by every SAML connector: `idpEntityId`, `idpSsoUrl`, `idpSloUrl`,
 * `idpCertificates` (PEM, one or a list), `spSigningKeyEnv` + `spSigningCertificate`,
 * `spDecryptionKeyEnv` + `spDecryptionCertificate`, `acceptUnsignedResponseEnvelope`,
 * `clockSkewSeconds`, `allowInsecureHttp` (tests; in production only to a loopback address).
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

/** The client settings every OpenID Connect connector reads the same way. */
type OidcClientSettings = Pick<OidcConnector, 'issuer' | 'clientId' | 'clientSecret' | 'scopes' | 'allowInsecurePkcePlain' | 'allowInsecureHttp'>;

/**
 * Reads the options shared by every OpenID Connect connector: `issuer`, `clientId`,
 * `clientSecretEnv`, `scopes` (which must include `openid`), `allowInsecurePkcePlain` and
 * `allowInsecureHttp` (tests; in production only to a loopback address).
 */
export function readOidcClient(
  options: ConnectorOptions,
  setup: ConnectorSetup,
  defaults: { readonly secretRequired: boolean; readonly scopes: readonly string[] },
): OidcClientSettings {
  const allowInsecureHttp = insecureHttpAllowed(options, setup);
  const issuer = options.url('issuer', true, allowInsecureHttp);
  const clientId = options.string('clientId', true);
  const clientSecret = options.secret('clientSecretEnv', defaults.secretRequired);
  const scopes = options.stringList('scopes', [...defaults.scopes]);
  if (!scopes.includes('openid')) options.problems.push('option "scopes" must include openid');
  const allowInsecurePkcePlain = options.boolean('allowInsecurePkcePlain', false);
  return { issuer, clientId, ...(clientSecret === undefined ? {} : { clientSecret }), scopes, allowInsecurePkcePlain, allowInsecureHttp };
}
