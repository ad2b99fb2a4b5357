import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { RunMode } from '../../config/schema.js';
import { AppError } from '../../http/errors.js';
import { fetchPlatformJson } from '../fetch-json.js';
import { SIGNING_ALGORITHM } from '../keys/tool-keys.js';
import { freshnessSeconds, type FreshnessBounds } from './cache-control.js';

/** A platform's key set as last fetched. */
interface CachedKeySet {
  readonly keys: ReadonlyMap<string, JWK>;
  readonly imported: Map<string, CryptoKey>;
  readonly fetchedAt: number;
  readonly freshUntil: number;
}

/** A platform whose key set could not be fetched: not asked again before `retryAt`. */
interface FailedFetch {
  readonly retryAt: number;
  readonly delayMs: number;
}

/** Caching rules for platforms' key sets. */
interface KeySetPolicy extends FreshnessBounds {
  /** An unknown `kid` refetches the set at most this often, so forged ids cannot make us hammer the platform. */
  readonly unknownKidCooldownMs: number;
  /** After a failed fetch, none before this long; doubled at each new failure up to `maxBackoffMs`. */
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * Ten minutes when the platform says nothing, within one minute and one hour (a key the platform
 * removed, perhaps because it leaked, is trusted an hour at most); one refetch per ten seconds
 * for unknown ids; after a failure, 30 s before trying again, up to five minutes.
 */
const DEFAULT_KEY_SET_POLICY: KeySetPolicy = {
  defaultSeconds: 600,
  minSeconds: 60,
  maxSeconds: 3_600,
  unknownKidCooldownMs: 10_000,
  firstBackoffMs: 30_000,
  maxBackoffMs: 300_000,
};

/**
 * The platforms' public keys (their JWKS), fetched once and kept as long as the platform's
 * `Cache-Control` allows (within bounds), refetched once when a token names a key id the cached
 * set lacks (a platform rotating its keys). Concurrent launches share one fetch. A platform whose
 * set cannot be fetched is not asked again at every launch: the failure is remembered and the
 * next attempt waits (keys already known keep serving meanwhile).
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 */
export class PlatformKeySets {
  private readonly sets = new Map<string, CachedKeySet>();
  private readonly inFlight = new Map<string, Promise<CachedKeySet>>();
  private readonly failures = new Map<string, FailedFetch>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly mode: RunMode,
    private readonly policy: KeySetPolicy = DEFAULT_KEY_SET_POLICY,
  ) {}

  /** The platform key with this id, as a key jose verifies with; LTI_TOKEN_KEY_UNKNOWN when it has none. */
  async key(keysetUrl: string, kid: string): Promise<CryptoKey> {
    const now = this.clock.now().getTime();
    let set = this.sets.get(keysetUrl);
    if (!set || now >= set.freshUntil) {
      set = await this.refresh(keysetUrl, set);
    } else if (!set.keys.has(kid) && now - set.fetchedAt >= this.policy.unknownKidCooldownMs) {
      set = await this.refresh(keysetUrl, set);
    }
    const jwk = set.keys.get(kid);
    if (!jwk) throw new AppError('LTI_TOKEN_KEY_UNKNOWN');
    let key = set.imported.get(kid);
    if (!key) {
      key = (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey;
      set.imported.set(kid, key);
    }
    return key;
  }

  private refresh(keysetUrl: string, stale: CachedKeySet | undefined): Promise<CachedKeySet> {
    const failure = this.failures.get(keysetUrl);
    if (failure && this.clock.now().getTime() < failure.retryAt) {
      // Backing off: what we hold serves, else the launch is refused at once.
      return stale ? Promise.resolve(stale) : Promise.reject(new AppError('LTI_PLATFORM_KEYS_UNAVAILABLE'));
    }
    let pending = this.inFlight.get(keysetUrl);
    if (!pending) {
      pending = this.fetchSet(keysetUrl)
        .then((set) => {
          this.sets.set(keysetUrl, set);
          this.failures.delete(keysetUrl);
          return set;
        })
        .catch((error: unknown) => {
          const delayMs = Math.min(this.policy.maxBackoffMs, failure ? failure.delayMs * 2 : this.policy.firstBackoffMs);
          this.failures.set(keysetUrl, { retryAt: this.clock.now().getTime() + delayMs, delayMs });
          this.logger.warn({ err: error, keysetUrl, retryInMs: delayMs }, 'platform key set fetch failed');
          // A platform briefly down must not stop launches signed with keys we already hold.
          if (stale) return stale;
          throw new AppError('LTI_PLATFORM_KEYS_UNAVAILABLE', { cause: error });
        })
        .finally(() => this.inFlight.delete(keysetUrl));
      this.inFlight.set(keysetUrl, pending);
    }
    return pending;
  }

  private async fetchSet(keysetUrl: string): Promise<CachedKeySet> {
    const response = await fetchPlatformJson(keysetUrl, this.mode, { headers: { accept: 'application/json' } }, { timeoutMs: 5_000, maxBytes: 256 * 1024 });
    if (response.status !== 200) throw new Error(`key set answered ${response.status}`);
    const keys = new Map<string, JWK>();
    const listed = (response.body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(listed)) throw new Error('not a JWK set');
    for (const candidate of listed as JWK[]) {
      // Only RSA signing keys with an id can verify an LTI id_token; anything else is ignored.
      if (!candidate || candidate.kty !== 'RSA' || typeof candidate.kid !== 'string') continue;
      if (candidate.use !== undefined && candidate.use !== 'sig') continue;
      if (candidate.alg !== undefined && candidate.alg !== SIGNING_ALGORITHM) continue;
      keys.set(candidate.kid, candidate);
    }
    const fetchedAt = this.clock.now().getTime();
    const seconds = freshnessSeconds(response.headers.get('cache-control'), this.policy);
    return { keys, imported: new Map(), fetchedAt, freshUntil: fetchedAt + seconds * 1000 };
  }
}
