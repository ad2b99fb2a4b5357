import type { DatabaseTarget } from './database-url.js';
import type { MediaStorageOptions } from '../media/storage-from-config.js';
import type { ConnectorEntry, OperatorEntry, PlatformEntry } from './file-schema.js';
import type { OperationsConfig } from './operations.js';

/** `demo` seeds a demo school and offers demo sign-in; `production` refuses both. */
export type RunMode = 'demo' | 'production';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The whole, validated configuration. Built once at start by `loadConfig`, then read-only. */
export interface Config {
  readonly mode: RunMode;
  readonly port: number;
  /** Address to listen on; all interfaces when null (set 127.0.0.1 behind a local reverse proxy). */
  readonly host: string | null;
  /** Public URL of the module, without a trailing slash (may include a path prefix). */
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly database: DatabaseTarget;
  /** Run pending migrations at start (default on the embedded database only). */
  readonly autoMigrate: boolean;
  /** Master secret from which keys for tokens and stored secrets are derived. */
  readonly secretKey: string;
  /** True when the secret was generated for this process because none was given (demo only). */
  readonly secretKeyIsEphemeral: boolean;
  /** Secrets replaced by a rotation: they only open what they sealed, until `keys:reencrypt` seals it again. */
  readonly previousSecretKeys: readonly string[];
  readonly session: {
    readonly idleMinutes: number;
    readonly maxHours: number;
    /** Secure + SameSite=None cookies; needs HTTPS, which is why it follows the base URL. */
    readonly crossSiteCookies: boolean;
  };
  /** Origins allowed to frame the module (the ENTs), for CSP `frame-ancestors`. */
  readonly frameAncestors: readonly string[];
  /** Express `trust proxy` setting, for deployments behind a reverse proxy. */
  readonly trustProxy: boolean | number | string;
  readonly logLevel: LogLevel;
  /** Largest accepted JSON or form body, in kilobytes. */
  readonly bodyLimitKb: number;
  /** Create the demo school when the database holds no school (demo mode only). */
  readonly seedDemo: boolean;
  /** Photos, videos, sounds and documents of portfolios. */
  readonly media: {
    readonly storage: MediaStorageOptions;
    /** Bytes each school may store, renditions included. */
    readonly schoolQuotaBytes: number;
    readonly maxVideoBytes: number;
  };
  readonly connectors: readonly ConnectorEntry[];
  readonly platforms: readonly PlatformEntry[];
  /** The people who run the deployment (`/operator`), from the `ECARNET_CONFIG` file. */
  readonly operators: readonly OperatorEntry[];
  /** Values of the environment variables that connectors name for their secrets, by variable name. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Messaging: notification channels, translation and the outbox worker. */
  readonly messaging: MessagingConfig;
  /** What the legal pages name: the deployment's publisher, its host and its data-protection officer (null: not said). */
  readonly legal: { readonly publisher: string | null; readonly hosting: string | null; readonly dpoContact: string | null };
  /** Database waits, metrics, shutdown: running under load and through outages. */
  readonly operations: OperationsConfig;
  /** Things an operator should know at start, though they do not stop it. */
  readonly warnings: readonly string[];
}

/** Translation providers: none shows every message in its original language. */
type TranslationProviderName = 'none' | 'apertium' | 'libretranslate';

/** Configuration of messaging: how e-mails and Web Push notifications go out, who translates messages, and which process delivers them. */
export interface MessagingConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`; null writes e-mails as files under the data folder. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Web Push VAPID keys (all three or none); push is off without them. */
  readonly vapid: { readonly publicKey: string; readonly privateKey: string; readonly subject: string } | null;
  readonly translation: { readonly provider: TranslationProviderName; readonly url: string | null; readonly apiKey: string | null };
  /** `in-process`: the server also delivers notifications; `off`: run `e-carnet worker` separately. */
  readonly worker: 'in-process' | 'off';
}
