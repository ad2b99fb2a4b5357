import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import type { Logger } from 'pino';
import { IsNull, LessThanOrEqual, MoreThan, type DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import { runInTransaction } from '../../db/transaction.js';
import { LtiToolKey } from '../../model/lti-tool-key.js';
import { SealedBox } from './sealed-box.js';

/** The only algorithm e-carnet signs with, and accepts. */
export const SIGNING_ALGORITHM = 'RS256';

const DAY_MS = 24 * 3_600_000;

/** How keys turn over. */
interface RotationPolicy {
  /** A signing key older than this is replaced at its next use. */
  readonly maxSigningAgeMs: number;
  /** A new key is published this long before it signs, so platforms' caches know it in time. */
  readonly publishAheadMs: number;
  /** An old key stays published this long after its successor starts signing. */
  readonly overlapMs: number;
}

/** Keys sign for 90 days; a successor is published an hour before it signs; the old key stays a day more. */
const DEFAULT_ROTATION: RotationPolicy = { maxSigningAgeMs: 90 * DAY_MS, publishAheadMs: 3_600_000, overlapMs: DAY_MS };

/** A private key ready to sign, with the id platforms find it under in `/lti/jwks`. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

/** The purpose the tool's private keys are sealed for (`SealedBox`). */
export const TOOL_KEY_SEAL_PURPOSE = 'lti-tool-key/v1';

/**
 * The tool's RS256 key pairs: generated when first needed, stored with the private key sealed,
 * rotated with overlap (a new key is published before it signs; the old one stays published
 * until it retires), and served as a JWKS.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 */
export class ToolKeys {
  private readonly box: SealedBox;
  private readonly opened = new Map<string, CryptoKey>();

  constructor(
    private readonly dataSource: DataSource,
    /** The current master secret, or the current one first and then those a rotation replaced. */
    masterSecret: string | readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly policy: RotationPolicy = DEFAULT_ROTATION,
  ) {
    this.box = new SealedBox(masterSecret, TOOL_KEY_SEAL_PURPOSE);
  }

  /** The public keys platforms may verify our signatures with (never empty). */
  async publishedKeys(): Promise<JWK[]> {
    const now = this.clock.now();
    let keys = await this.published(now);
    if (keys.length === 0) {
      await this.create(now, now);
      keys = await this.published(now);
    }
    return keys.map((key) => JSON.parse(key.publicJwkJson) as JWK);
  }

  /** The key to sign with now; replaces an aged key, and one this secret cannot open. */
  async signingKey(): Promise<SigningKey> {
    const now = this.clock.now();
    const candidates = await this.dataSource.getRepository(LtiToolKey).find({
      where: [
        { signingFrom: LessThanOrEqual(now), retiresAt: IsNull() },
        { signingFrom: LessThanOrEqual(now), retiresAt: MoreThan(now) },
      ],
    });
    // The newest signing key; of two that started together, the one not retiring.
    const current = candidates.sort((a, b) => b.signingFrom.getTime() - a.signingFrom.getTime() || Number(a.retiresAt !== null) - Number(b.retiresAt !== null))[0];
    if (!current) return this.open(await this.create(now, now));
    if (now.getTime() - current.signingFrom.getTime() > this.policy.maxSigningAgeMs && !(await this.hasSuccessor(now))) {
      await this.rotate();
    }
    try {
      return await this.open(current);
    } catch (error) {
      // The master secret changed since this key was sealed: it can no longer sign. A new key
      // signs from now on; the old public key stays published for what it already signed, for
      // the usual overlap, then retires like any replaced key.
      this.logger.error({ err: error, kid: current.kid }, 'LTI tool key cannot be opened with this secret; generating a new one');
      await this.dataSource
        .getRepository(LtiToolKey)
        .update({ kid: current.kid, retiresAt: IsNull() }, { retiresAt: new Date(now.getTime() + this.policy.overlapMs) });
      return this.open(await this.create(now, now));
    }
  }

  /**
   * Starts a rotation: a new key, published now and signing after `publishAheadMs`; every key
   * without a retirement date retires `overlapMs` after that. Returns the new key's id. Two
   * instances rotating at the same moment may each add a successor: harmless, both are published
   * and the newest signs.
   */
  async rotate(): Promise<string> {
    const now = this.clock.now();
    const signingFrom = new Date(now.getTime() + this.policy.publishAheadMs);
    const retiresAt = new Date(signingFrom.getTime() + this.policy.overlapMs);
    const sealed = await this.generate(now, signingFrom);
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.update(LtiToolKey, { retiresAt: IsNull() }, { retiresAt });
      await manager.insert(LtiToolKey, sealed);
    });
    this.logger.info({ kid: sealed.kid, signingFrom, previousRetireAt: retiresAt }, 'LTI tool key rotation started');
    return sealed.kid;
  }

  private async published(now: Date): Promise<LtiToolKey[]> {
    return this.dataSource.getRepository(LtiToolKey).find({
      where: [{ retiresAt: IsNull() }, { retiresAt: MoreThan(now) }],
      order: { signingFrom: 'ASC' },
    });
  }

  private async hasSuccessor(now: Date): Promise<boolean> {
    return this.dataSource.getRepository(LtiToolKey).existsBy({ signingFrom: MoreThan(now) });
  }

  private async create(now: Date, signingFrom: Date): Promise<LtiToolKey> {
    const key = await this.generate(now, signingFrom);
    await this.dataSource.getRepository(LtiToolKey).insert(key);
    return key;
  }

  private async generate(now: Date, signingFrom: Date): Promise<LtiToolKey> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return Object.assign(new LtiToolKey(), {
      kid,
      publicJwkJson: JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' }),
      privateKeySealed: this.box.seal(await exportPKCS8(privateKey), kid),
      createdAt: now,
      signingFrom,
      retiresAt: null,
    });
  }

  private async open(key: LtiToolKey): Promise<SigningKey> {
    let privateKey = this.opened.get(key.kid);
    if (!privateKey) {
      privateKey = await importPKCS8(this.box.open(key.privateKeySealed, key.kid), SIGNING_ALGORITHM);
      this.opened.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey };
  }
}
