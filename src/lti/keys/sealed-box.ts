import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;

/**
 * Seals secrets at rest (the tool's private keys) with AES-256-GCM, under a key derived from the
 * master secret by HKDF-SHA256 for this one purpose. The associated data (the key id) binds each
 * sealed value to its row, so one cannot be swapped for another.
 */
export class SealedBox {
  private readonly key: Buffer;

  constructor(masterSecret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterSecret, 'e-carnet', purpose, 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, bound to `associatedData` (the row it belongs to). */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
  }

  /** The plaintext; throws when the value was sealed under another secret or altered. */
  open(sealedValue: string, associatedData: string): string {
    const [format, iv, tag, sealed] = sealedValue.split('.');
    if (format !== FORMAT || !iv || !tag || sealed === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}
