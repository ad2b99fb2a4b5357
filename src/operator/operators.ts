import type { OperatorEntry } from '../config/file-schema.js';
import type { NormalizedIdentity } from '../connectors/contract.js';
import { sha256Hex } from '../lti/secrets.js';

/** How an operator entry is written in the audit log: its name, else what identifies it. */
export function operatorLabel(entry: OperatorEntry): string {
  if (entry.name) return entry.name;
  return 'issuer' in entry ? `${entry.issuer} ${entry.subject}` : `${entry.connector}#${entry.directoryKey}`;
}

/** A fixed-length key of an entry, kept on the operator's session (and compared with the configuration at each request). */
export function operatorKey(entry: OperatorEntry): string {
  return sha256Hex('issuer' in entry ? `issuer\n${entry.issuer}\n${entry.subject}` : `directory\n${entry.connector}\n${entry.directoryKey}`);
}

/** The keys of every configured operator. */
export function operatorKeys(entries: readonly OperatorEntry[]): ReadonlySet<string> {
  return new Set(entries.map(operatorKey));
}

/** The configured operator a checked sign-in designates, if any. */
export function operatorSigningIn(entries: readonly OperatorEntry[], identity: NormalizedIdentity): OperatorEntry | undefined {
  return entries.find((entry) =>
    'issuer' in entry
      ? entry.issuer === identity.issuer && entry.subject === identity.subject
      : entry.connector === identity.connectorId && (identity.directoryKeys ?? []).some((key) => key.key === entry.directoryKey),
  );
}

/** The configured operator whose key a session carries. */
export function operatorByKey(entries: readonly OperatorEntry[], key: string | null): OperatorEntry | undefined {
  return key === null ? undefined : entries.find((entry) => operatorKey(entry) === key);
}
