import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { parseDatabaseUrl } from './database-url.js';
import { configFileSchema, type ConfigFile } from './file-schema.js';
import type { Config, LogLevel, MessagingConfig, RunMode } from './schema.js';
import { OPERATIONS_ENV_KEYS, operationsConfig, operationsEnvShape } from './operations.js';

/** Every environment variable the module reads. Any other `ECARNET_*` variable is an error. */
const KNOWN_ENV_KEYS = [
  'ECARNET_MODE',
  'ECARNET_BASE_URL',
  'ECARNET_DATA_DIR',
  'ECARNET_CONFIG',
  'ECARNET_AUTO_MIGRATE',
  'ECARNET_SECRET_KEY',
  'ECARNET_SECRET_KEY_PREVIOUS',
  'ECARNET_SESSION_IDLE_MINUTES',
  'ECARNET_SESSION_MAX_HOURS',
  'ECARNET_FRAME_ANCESTORS',
  'ECARNET_TRUST_PROXY',
  'ECARNET_LOG_LEVEL',
  'ECARNET_BODY_LIMIT_KB',
  'ECARNET_DEMO_SEED',
  'ECARNET_HOST',
  'ECARNET_MEDIA_STORAGE',
  'ECARNET_MEDIA_DIR',
  'ECARNET_MEDIA_QUOTA_MB',
  'ECARNET_MEDIA_MAX_VIDEO_MB',
  'ECARNET_S3_ENDPOINT',
  'ECARNET_S3_REGION',
  'ECARNET_S3_BUCKET',
  'ECARNET_S3_PREFIX',
  'ECARNET_S3_ACCESS_KEY_ID',
  'ECARNET_S3_SECRET_ACCESS_KEY',
  'ECARNET_SMTP_URL',
  'ECARNET_MAIL_FROM',
  'ECARNET_VAPID_PUBLIC_KEY',
  'ECARNET_VAPID_PRIVATE_KEY',
  'ECARNET_VAPID_SUBJECT',
  'ECARNET_TRANSLATION_PROVIDER',
  'ECARNET_TRANSLATION_URL',
  'ECARNET_TRANSLATION_API_KEY',
  'ECARNET_WORKER',
  'ECARNET_PUBLISHER',
  'ECARNET_HOSTING',
  'ECARNET_DPO_CONTACT',
  ...OPERATIONS_ENV_KEYS,
] as const;

const MIN_SECRET_LENGTH = 32;

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const integerText = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Origins an ENT iframe may come from: `https://ent.example.fr`, or the CSP keyword `'self'`. */
const frameAncestorsText = z.string().transform((value, ctx) => {
  const items = value.split(/[\s,]+/).filter(Boolean);
  if (items.length === 0) ctx.addIssue({ code: 'custom', message: "lists no origin (use 'self' or the ENTs' origins)" });
  if (items.includes("'none'") && items.length > 1) ctx.addIssue({ code: 'custom', message: "'none' cannot be combined with origins" });
  for (const item of items) {
    if (item === "'self'" || item === "'none'") continue;
    if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(item) && !/^https:\/\/\*\.[a-z0-9.-]+$/i.test(item)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin such as https://ent.example.fr` });
    }
  }
  return items;
});

/**
 * Express `trust proxy`: true/false, a hop count, or addresses, subnets and the names
 * loopback / linklocal / uniquelocal, comma-separated. Checked here so a typo is listed with the
 * other problems instead of failing the first request.
 */
const trustProxyText = z.string().refine(
  (value) =>
    /^(true|false|\d+)$/.test(value) ||
    value
      .split(',')
      .map((part) => part.trim())
      .every((part) => ['loopback', 'linklocal', 'uniquelocal'].includes(part) || isAddressOrSubnet(part)),
  'must be true, false, a number of hops, or addresses/subnets such as 10.0.0.0/8,loopback',
);

function isAddressOrSubnet(value: string): boolean {
  const [address = '', bits] = value.split('/');
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  ECARNET_MODE: z.enum(['demo', 'production']).optional(),
  PORT: integerText(0, 65535).optional(),
  ECARNET_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => !value.includes('?') && !value.includes('#'), 'must not carry a query or a fragment')
    .optional(),
  ECARNET_DATA_DIR: z.string().min(1).optional(),
  ECARNET_CONFIG: z.string().min(1).optional(),
  ECARNET_AUTO_MIGRATE: booleanText.optional(),
  ECARNET_SECRET_KEY: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)`)
    .optional(),
  // After a rotation, the secrets replaced, still needed to open what they sealed until
  // `keys:reencrypt` has sealed it again under the new one. Separated by spaces or commas.
  ECARNET_SECRET_KEY_PREVIOUS: z
    .string()
    .transform((value) => value.split(/[\s,]+/).filter((secret) => secret !== ''))
    .pipe(z.array(z.string().min(MIN_SECRET_LENGTH, `each must be at least ${MIN_SECRET_LENGTH} characters`)))
    .optional(),
  ECARNET_SESSION_IDLE_MINUTES: integerText(5, 24 * 60).optional(),
  ECARNET_SESSION_MAX_HOURS: integerText(1, 24 * 30).optional(),
  ECARNET_FRAME_ANCESTORS: frameAncestorsText.optional(),
  ECARNET_TRUST_PROXY: trustProxyText.optional(),
  ECARNET_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ECARNET_BODY_LIMIT_KB: integerText(16, 100 * 1024).optional(),
  ECARNET_DEMO_SEED: booleanText.optional(),
  ECARNET_HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).optional(),
  ECARNET_MEDIA_STORAGE: z.enum(['disk', 's3']).optional(),
  ECARNET_MEDIA_DIR: z.string().min(1).optional(),
  ECARNET_MEDIA_QUOTA_MB: integerText(10, 10 * 1024 * 1024).optional(),
  ECARNET_MEDIA_MAX_VIDEO_MB: integerText(1, 4096).optional(),
  ECARNET_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  ECARNET_S3_REGION: z.string().min(1).optional(),
  ECARNET_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  ECARNET_S3_PREFIX: z.string().regex(/^[A-Za-z0-9/_-]*$/, 'letters, digits, / _ - only').optional(),
  ECARNET_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ECARNET_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ECARNET_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  ECARNET_MAIL_FROM: z.string().min(3).max(254).optional(),
  ECARNET_VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a base64url VAPID public key (npx web-push generate-vapid-keys)').optional(),
  ECARNET_VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, 'must be a base64url VAPID private key').optional(),
  ECARNET_VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https: URL').optional(),
  ECARNET_TRANSLATION_PROVIDER: z.enum(['none', 'apertium', 'libretranslate']).optional(),
  ECARNET_TRANSLATION_URL: z.url({ protocol: /^https?$/ }).optional(),
  ECARNET_TRANSLATION_API_KEY: z.string().min(1).optional(),
  // The legal pages: who publishes the deployment, who hosts it, whom to write about personal data.
  ECARNET_PUBLISHER: z.string().min(3).max(300).optional(),
  ECARNET_HOSTING: z.string().min(3).max(300).optional(),
  ECARNET_DPO_CONTACT: z.string().min(3).max(300).optional(),
  ECARNET_WORKER: z.enum(['in-process', 'off']).optional(),
  ...operationsEnvShape,
  DATABASE_URL: z.string().optional(),
});

type EnvironmentVariables = z.infer<typeof envSchema>;

/** What connectors are checked with: enough of the configuration to load them. */
type ConnectorSettings = Pick<Config, 'mode' | 'baseUrl' | 'connectors' | 'secrets'>;

/**
 * The outcome of loading: a configuration, or every problem found. A failed load still gives the
 * settings the connectors can be checked with, so that their own problems are listed with the
 * others instead of after the others are fixed.
 */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[]; connectorSettings: ConnectorSettings };

/** Reads a file; injected so tests need no files on disk. */
type ReadTextFile = (file: string) => string;

/**
 * Builds the configuration from environment variables and the optional `ECARNET_CONFIG` file.
 * Never throws and never stops at the first problem: an operator fixes everything in one go.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readTextFile: ReadTextFile = (file) => fs.readFileSync(file, 'utf8'),
): ConfigResult {
  const errors: string[] = [];
  const vars = parseEnvironment(env, errors);

  const mode: RunMode = vars.ECARNET_MODE ?? (vars.NODE_ENV === 'production' ? 'production' : 'demo');
  const port = vars.PORT ?? 3000;
  const baseUrl = (vars.ECARNET_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const dataDir = path.resolve(vars.ECARNET_DATA_DIR ?? 'data');
  const database = parseDatabaseUrl(vars.DATABASE_URL, dataDir);
  if (typeof database === 'string') errors.push(database);

  const file = vars.ECARNET_CONFIG ? readConfigFile(vars.ECARNET_CONFIG, readTextFile, errors) : undefined;
  const secretNames = referencedSecrets(file);
  for (const key of Object.keys(env)) {
    if (key.startsWith('ECARNET_') && !(KNOWN_ENV_KEYS as readonly string[]).includes(key) && !secretNames.has(key)) {
      errors.push(`${key}: unknown setting${suggestion(key)}`);
    }
  }
  const secrets: Record<string, string> = {};
  for (const [name, usedBy] of secretNames) {
    const value = env[name];
    if (value === undefined || value === '') errors.push(`${name}: not set, but ${usedBy} needs it`);
    else secrets[name] = value;
  }

  if (mode === 'production') {
    if (!vars.ECARNET_SECRET_KEY) errors.push('ECARNET_SECRET_KEY: required in production (no default is ever used)');
    if (vars.ECARNET_SECRET_KEY && vars.ECARNET_SECRET_KEY_PREVIOUS?.includes(vars.ECARNET_SECRET_KEY)) {
      errors.push('ECARNET_SECRET_KEY_PREVIOUS: must not hold the current ECARNET_SECRET_KEY');
    }
    if (!vars.ECARNET_BASE_URL) errors.push('ECARNET_BASE_URL: required in production (the public https URL)');
    else if (!baseUrl.startsWith('https://')) errors.push('ECARNET_BASE_URL: must be https in production');
    if (vars.ECARNET_DEMO_SEED === true) errors.push('ECARNET_DEMO_SEED: the demo school cannot be created in production');
    for (const origin of vars.ECARNET_FRAME_ANCESTORS ?? []) {
      if (origin.startsWith('http://')) errors.push(`ECARNET_FRAME_ANCESTORS: "${origin}" must be https in production`);
    }
  }

  const messaging = messagingConfig(vars, errors);
  if (errors.length > 0 || typeof database === 'string') {
    return { ok: false, errors, connectorSettings: { mode, baseUrl, connectors: file?.connectors ?? [], secrets } };
  }

  const warnings: string[] = [];
  const modeChosen = vars.ECARNET_MODE !== undefined || vars.NODE_ENV === 'production';
  if (mode === 'production' && !messaging.smtpUrl) {
    warnings.push('ECARNET_SMTP_URL is not set: e-mail notifications are written as files under the data folder, not sent');
  }
  if (!modeChosen && (database.kind === 'mysql' || baseUrl.startsWith('https://'))) {
    warnings.push(
      'running in demo mode because neither ECARNET_MODE nor NODE_ENV=production is set: ' +
        'set ECARNET_MODE=production for a real deployment (it requires ECARNET_SECRET_KEY and an https ECARNET_BASE_URL)',
    );
  }

  const config: Config = {
    mode,
    port,
    host: vars.ECARNET_HOST ?? null,
    baseUrl,
    dataDir,
    database,
    autoMigrate: vars.ECARNET_AUTO_MIGRATE ?? database.kind === 'sqlite',
    secretKey: vars.ECARNET_SECRET_KEY ?? randomBytes(48).toString('base64url'),
    secretKeyIsEphemeral: vars.ECARNET_SECRET_KEY === undefined,
    previousSecretKeys: vars.ECARNET_SECRET_KEY_PREVIOUS ?? [],
    session: {
      idleMinutes: vars.ECARNET_SESSION_IDLE_MINUTES ?? 120,
      maxHours: vars.ECARNET_SESSION_MAX_HOURS ?? 12,
      crossSiteCookies: baseUrl.startsWith('https://'),
    },
    frameAncestors: vars.ECARNET_FRAME_ANCESTORS ?? ["'self'"],
    trustProxy: parseTrustProxy(vars.ECARNET_TRUST_PROXY),
    logLevel: (vars.ECARNET_LOG_LEVEL ?? 'info') satisfies LogLevel,
    bodyLimitKb: vars.ECARNET_BODY_LIMIT_KB ?? 1024,
    seedDemo: mode === 'demo' && (vars.ECARNET_DEMO_SEED ?? true),
    media: mediaConfig(vars, dataDir, errors),
    connectors: file?.connectors ?? [],
    platforms: file?.platforms ?? [],
    operators: file?.operators ?? [],
    secrets,
    messaging,
    legal: { publisher: vars.ECARNET_PUBLISHER ?? null, hosting: vars.ECARNET_HOSTING ?? null, dpoContact: vars.ECARNET_DPO_CONTACT ?? null },
    operations: operationsConfig(vars),
    warnings,
  };
  return { ok: true, config };
}

const MB = 1024 * 1024;

/** Where photos and videos are kept, and how much each school may keep. */
function mediaConfig(vars: EnvironmentVariables, dataDir: string, errors: string[]): Config['media'] {
  const quota = (vars.ECARNET_MEDIA_QUOTA_MB ?? 10 * 1024) * MB;
  const maxVideoBytes = (vars.ECARNET_MEDIA_MAX_VIDEO_MB ?? 300) * MB;
  if (vars.ECARNET_MEDIA_STORAGE !== 's3') {
    return { storage: { kind: 'disk', root: path.resolve(vars.ECARNET_MEDIA_DIR ?? path.join(dataDir, 'media')) }, schoolQuotaBytes: quota, maxVideoBytes };
  }
  const required = ['ECARNET_S3_BUCKET', 'ECARNET_S3_ACCESS_KEY_ID', 'ECARNET_S3_SECRET_ACCESS_KEY'] as const;
  for (const key of required) if (!vars[key]) errors.push(`${key}: required when ECARNET_MEDIA_STORAGE=s3`);
  return {
    storage: {
      kind: 's3',
      bucket: vars.ECARNET_S3_BUCKET ?? '',
      region: vars.ECARNET_S3_REGION ?? 'us-east-1',
      endpoint: vars.ECARNET_S3_ENDPOINT,
      prefix: vars.ECARNET_S3_PREFIX,
      accessKeyId: vars.ECARNET_S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: vars.ECARNET_S3_SECRET_ACCESS_KEY ?? '',
    },
    schoolQuotaBytes: quota,
    maxVideoBytes,
  };
}

/**
 * Loads the configuration or stops the process, printing every problem. Used by the command
 * line only; the library entry points take a `Config` and never read the environment.
 * `checkConnectors` (the `start` command) adds the connectors' own problems to the list when the
 * rest of the configuration has some too; a problem both report (a secret's variable not set) is
 * listed once.
 */
export function loadConfigOrExit(
  env: Record<string, string | undefined> = process.env,
  checkConnectors?: (settings: ConnectorSettings) => readonly string[],
): Config {
  const result = loadConfig(env);
  if (result.ok) return result.config;
  const unsetVariables = new Set(result.errors.map((error) => /^(\S+): not set, but /.exec(error)?.[1]).filter((name) => name !== undefined));
  const connectorProblems = (checkConnectors?.(result.connectorSettings) ?? []).filter((problem) => {
    const variable = /the variable (\S+) is not set$/.exec(problem)?.[1];
    return variable === undefined || !unsetVariables.has(variable);
  });
  result.errors.push(...connectorProblems);
  process.stderr.write(
    `e-carnet cannot start: ${result.errors.length} configuration problem(s)\n` +
      result.errors.map((error) => `  - ${error}\n`).join(''),
  );
  process.exit(78); // EX_CONFIG
}

/**
 * Checks each variable on its own, so that one bad value does not hide the others' problems.
 */
function parseEnvironment(env: Record<string, string | undefined>, errors: string[]): EnvironmentVariables {
  const vars: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) vars[key] = parsed.data;
    else for (const issue of parsed.error.issues) errors.push(`${key}: ${issue.message}`);
  }
  return vars as EnvironmentVariables;
}

function readConfigFile(file: string, readTextFile: ReadTextFile, errors: string[]): ConfigFile | undefined {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    errors.push(`ECARNET_CONFIG: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    errors.push(`ECARNET_CONFIG: ${file} is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      errors.push(`ECARNET_CONFIG ${where}: ${issue.message}`);
    }
    return undefined;
  }
  const ids = parsed.data.connectors.map((connector) => connector.id);
  for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) {
    errors.push(`ECARNET_CONFIG connectors: the id "${id}" is used twice`);
  }
  return parsed.data;
}

/**
 * Environment variables that enabled connectors name for their secrets: an option whose key ends
 * in `Env` holds the name of the variable (`"clientSecretEnv": "ECARNET_OIDC_ENT_SECRET"`), never
 * the secret. Returns each name with who needs it.
 */
function referencedSecrets(file: ConfigFile | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const connector of file?.connectors ?? []) {
    if (!connector.enabled) continue;
    for (const [option, value] of Object.entries(connector.options)) {
      if (option.endsWith('Env') && typeof value === 'string') names.set(value, `connector "${connector.id}" (${option})`);
    }
  }
  return names;
}

/** Messaging settings; VAPID keys come all three together, a translation provider needs its URL. */
function messagingConfig(vars: EnvironmentVariables, errors: string[]): MessagingConfig {
  const vapidParts = [vars.ECARNET_VAPID_PUBLIC_KEY, vars.ECARNET_VAPID_PRIVATE_KEY, vars.ECARNET_VAPID_SUBJECT];
  const vapidCount = vapidParts.filter((part) => part !== undefined).length;
  if (vapidCount > 0 && vapidCount < 3) errors.push('ECARNET_VAPID_PUBLIC_KEY, ECARNET_VAPID_PRIVATE_KEY and ECARNET_VAPID_SUBJECT go together: set all three or none');
  const provider = vars.ECARNET_TRANSLATION_PROVIDER ?? 'none';
  if (provider !== 'none' && !vars.ECARNET_TRANSLATION_URL) errors.push(`ECARNET_TRANSLATION_URL: required by ECARNET_TRANSLATION_PROVIDER=${provider}`);
  return {
    smtpUrl: vars.ECARNET_SMTP_URL ?? null,
    mailFrom: vars.ECARNET_MAIL_FROM ?? 'e-carnet <no-reply@localhost>',
    vapid:
      vapidCount === 3
        ? { publicKey: vars.ECARNET_VAPID_PUBLIC_KEY!, privateKey: vars.ECARNET_VAPID_PRIVATE_KEY!, subject: vars.ECARNET_VAPID_SUBJECT! }
        : null,
    translation: { provider, url: vars.ECARNET_TRANSLATION_URL ?? null, apiKey: vars.ECARNET_TRANSLATION_API_KEY ?? null },
    worker: vars.ECARNET_WORKER ?? 'in-process',
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // a list of addresses or subnets, as Express accepts it
}

/** "did you mean" for a misspelt variable. */
function suggestion(key: string): string {
  const nearest = closest(key, [...KNOWN_ENV_KEYS]);
  return distance(key, nearest) <= 3 ? ` (did you mean ${nearest}?)` : '';
}
