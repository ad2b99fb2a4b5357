import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { ConnectorManifest } from './contract.js';

const cache = new Map<string, ConnectorManifest | string>();

/** `connectors/<type>/connector.json`, or a sentence saying why it cannot be read. */
export function readConnectorManifest(type: string): ConnectorManifest | string {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const file = path.join(PROJECT_ROOT, 'connectors', type, 'connector.json');
  let result: ConnectorManifest | string;
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ConnectorManifest;
    result =
      manifest.id === type && typeof manifest.name === 'string' && typeof manifest.options === 'object'
        ? manifest
        : `connectors/${type}/connector.json does not describe the connector "${type}"`;
  } catch (error) {
    result = `connectors/${type}/connector.json cannot be read (${(error as Error).message})`;
  }
  cache.set(type, result);
  return result;
}
