import cas from '../../connectors/cas/index.js';
import edifice from '../../connectors/edifice/index.js';
import educonnect from '../../connectors/educonnect/index.js';
import oidc from '../../connectors/oidc/index.js';
import rosterCsv from '../../connectors/roster-csv/index.js';
import saml from '../../connectors/saml/index.js';
import type { ConnectorModule } from './contract.js';

/**
 * Connector folders shipped with e-carnet, by folder name (the `type` of a configured connector).
 * Imported statically so that the compiled and the TypeScript runs load the same code, and so that
 * building the app stays synchronous. A new connector is a folder plus one line here.
 */
export const AVAILABLE_CONNECTORS: Readonly<Record<string, ConnectorModule>> = {
  cas,
  edifice,
  educonnect,
  oidc,
  'roster-csv': rosterCsv,
  saml,
};
