import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;

/**
 * Seals secrets at rest (the tool's private keys) with AES-256-GCM, under a key derived from the
 * master secret by HKDF-SHA256 for this one purpose. The associated data (the key id) binds each
 * sealed value to its row, so one cannot be swapped for another. After a rotation of the master
 * secret, the secrets it replaced still open what they sealed (never seal anything new), until
 * `reseal` has sealed each value again under the current one.
 */
export class SealedBox {
  private readonly key: Buffer;
  private readonly previousKeys: readonly Buffer[];

  /** `secrets`: the current master secret, or the current one first and then those it replaced. */
  constructor(secrets: string | readonly string[], purpose: string) {
    const [current, ...previous] = typeof secrets === 'string' ? [secrets] : secrets;
    if (current === undefined) throw new Error('a sealed box needs a master secret');
    const derive = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'e-carnet', purpose, 32));
    this.key = derive(current);
    this.previousKeys = previous.map(derive);
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, bound to `associatedData` (the row it belongs to). */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
  }

  /** The plaintext; throws when no known secret sealed the value or it was altered. */
  open(sealedValue: string, associatedData: string): string {
    for (const key of [this.key, ...this.previousKeys]) {
      const opened = openWith(key, sealedValue, associatedData);
      if (opened !== undefined) return opened;
    }
    throw new Error('sealed under an unknown secret, or altered');
  }

  /**
   * The value sealed again under the current secret, or null when it already is. Throws when no
   * known secret opens it.
   */
  reseal(sealedValue: string, associatedData: string): string | null {
    if (openWith(this.key, sealedValue, associatedData) !== undefined) return null;
    return this.seal(this.open(sealedValue, associatedData), associatedData);
  }
}

/** The plaintext if this key sealed the value; undefined otherwise. */
function openWith(key: Buffer, sealedValue: string, associatedData: string): string | undefined {
  const [format, iv, tag, sealed] = sealedValue.split('.');
  if (format !== FORMAT || !iv || !tag || sealed === undefined) throw new Error('not a sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
