import { sha256Hex } from '../secrets.js';

/** The key under which a login's binding secret sits in the platform's postMessage storage. */
export function storageKey(state: string): string {
  return `ecarnet_state_${sha256Hex(state).slice(0, 24)}`;
}
