import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: far past the 128 a guess must beat, and never derived from an id. */
const TOKEN_BYTES = 32;
/** base64url of 32 bytes. Longer input is cut before hashing, so every request hashes at most this. */
const SHARE_TOKEN_LENGTH = 43;

/** A new token for a QR code, a personal link or a viewer session. Shown once, never stored. */
export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * What is stored and looked up: the token's SHA-256. Any text is hashed the same way (a truncated
 * or made-up token costs what a real one does), so the lookup's timing tells nothing about it.
 */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token.slice(0, SHARE_TOKEN_LENGTH + 1)).digest('hex');
}
