import type { Config } from '../config/schema.js';
import type { ConnectorEntry } from '../config/file-schema.js';
import { AVAILABLE_CONNECTORS } from './available.js';
import type { CasConnector, Connector, ConnectorManifest, OidcConnector, RosterConnector, SamlConnector } from './contract.js';
import { readConnectorManifest } from './manifest.js';

/** A configured, loaded and enabled connector. */
export interface LoadedConnector<C extends Connector = Connector> {
  readonly id: string;
  readonly type: string;
  readonly displayName: string;
  /** UAIs it serves; empty: all. */
  readonly schools: readonly string[];
  readonly manifest: ConnectorManifest;
  readonly connector: C;
}

/** The connectors of this deployment, checked at start. */
export class ConnectorRegistry {
  private readonly byId: ReadonlyMap<string, LoadedConnector>;

  constructor(readonly all: readonly LoadedConnector[]) {
    this.byId = new Map(all.map((loaded) => [loaded.id, loaded]));
  }

  /** Connectors people sign in with (SAML, OIDC, CAS), optionally those serving one school. */
  signInConnectors(uai?: string): LoadedConnector[] {
    return this.all.filter(
      (loaded) => loaded.connector.protocol !== 'roster' && (uai === undefined || loaded.schools.length === 0 || loaded.schools.includes(uai)),
    );
  }

  saml(id: string): LoadedConnector<SamlConnector> | undefined {
    const loaded = this.byId.get(id);
    return loaded?.connector.protocol === 'saml' ? (loaded as LoadedConnector<SamlConnector>) : undefined;
  }

  oidc(id: string): LoadedConnector<OidcConnector> | undefined {
    const loaded = this.byId.get(id);
    return loaded?.connector.protocol === 'oidc' ? (loaded as LoadedConnector<OidcConnector>) : undefined;
  }

  cas(id: string): LoadedConnector<CasConnector> | undefined {
    const loaded = this.byId.get(id);
    return loaded?.connector.protocol === 'cas' ? (loaded as LoadedConnector<CasConnector>) : undefined;
  }

  /**
   * Roster connectors available to a school. Without any configured, the built-in CSV import
   * (ONDE and SIECLE presets) is offered: importing a school's own records needs no setting.
   */
  rosterConnectors(uai: string): LoadedConnector<RosterConnector>[] {
    const configured = this.all.filter(
      (loaded): loaded is LoadedConnector<RosterConnector> =>
        loaded.connector.protocol === 'roster' && (loaded.schools.length === 0 || loaded.schools.includes(uai)),
    );
    return configured.length > 0 || this.all.some((loaded) => loaded.connector.protocol === 'roster') ? configured : [builtInRosterConnector()];
  }
}

let builtIn: LoadedConnector<RosterConnector> | undefined;

/** The CSV roster connector with its default presets. */
function builtInRosterConnector(): LoadedConnector<RosterConnector> {
  if (builtIn) return builtIn;
  const manifest = readConnectorManifest('roster-csv');
  const loaded = AVAILABLE_CONNECTORS['roster-csv']!.load({ id: 'roster-csv', displayName: 'CSV', baseUrl: '', mode: 'demo', schools: [], options: {}, secrets: {} });
  if (typeof manifest === 'string' || !loaded.ok || loaded.connector.protocol !== 'roster') throw new Error('the built-in roster connector does not load');
  builtIn = { id: 'roster-csv', type: 'roster-csv', displayName: manifest.name, schools: [], manifest, connector: loaded.connector };
  return builtIn;
}

/** The outcome of loading: the registry, or every problem of every connector. */
type RegistryLoad = { ok: true; registry: ConnectorRegistry } | { ok: false; problems: string[] };

/** What connectors are loaded with (a whole `Config`, or the settings of one that failed to load). */
type ConnectorSettings = Pick<Config, 'mode' | 'baseUrl' | 'connectors' | 'secrets'>;

function loadOne(entry: ConnectorEntry, config: ConnectorSettings, problems: string[]): LoadedConnector | undefined {
  const label = `connector "${entry.id}" (${entry.type})`;
  const module = AVAILABLE_CONNECTORS[entry.type];
  if (!module) {
    problems.push(`connector "${entry.id}": unknown type "${entry.type}" (available: ${Object.keys(AVAILABLE_CONNECTORS).join(', ')})`);
    return undefined;
  }
  const manifest = readConnectorManifest(entry.type);
  if (typeof manifest === 'string') {
    problems.push(`${label}: ${manifest}`);
    return undefined;
  }
  const unknown = Object.keys(entry.options).filter((option) => !(option in manifest.options));
  for (const option of unknown) problems.push(`${label}: unknown option "${option}" (known: ${Object.keys(manifest.options).join(', ')})`);

  const loaded = module.load({
    id: entry.id,
    displayName: entry.displayName ?? manifest.name,
    baseUrl: config.baseUrl,
    mode: config.mode,
    schools: entry.schools,
    options: entry.options,
    secrets: config.secrets,
  });
  if (!loaded.ok) {
    for (const problem of loaded.problems) problems.push(`${label}: ${problem}`);
    return undefined;
  }
  if (loaded.connector.protocol !== manifest.protocol) {
    problems.push(`${label}: its code speaks ${loaded.connector.protocol}, its connector.json says ${manifest.protocol}`);
    return undefined;
  }
  // A connector whose word is applied at once must not speak for every school of a shared
  // deployment (another ENT's schools); one that only proposes links (ÉduConnect) may.
  if (config.mode === 'production' && entry.schools.length === 0 && loaded.connector.protocol !== 'roster' && loaded.connector.authoritative) {
    problems.push(`${label}: "schools" must list the UAIs it serves (its roles, classes and parent links apply without the school's confirmation)`);
    return undefined;
  }
  if (unknown.length > 0) return undefined;
  return {
    id: entry.id,
    type: entry.type,
    displayName: entry.displayName ?? manifest.name,
    schools: entry.schools,
    manifest,
    connector: loaded.connector,
  };
}

/**
 * Loads every enabled connector of the configuration and checks it. Problems of all connectors
 * are gathered, so an operator fixes them in one go; a disabled connector is not loaded at all.
 */
export function loadConnectorRegistry(config: ConnectorSettings): RegistryLoad {
  const problems: string[] = [];
  const loaded: LoadedConnector[] = [];
  for (const entry of config.connectors) {
    if (!entry.enabled) continue;
    const connector = loadOne(entry, config, problems);
    if (connector) loaded.push(connector);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, registry: new ConnectorRegistry(loaded) };
}

/** The problems of every enabled connector (none when all load). */
export function connectorProblems(settings: ConnectorSettings): string[] {
  const result = loadConnectorRegistry(settings);
  return result.ok ? [] : result.problems;
}

/** A configuration whose connectors do not load: auth paths fail closed, the start stops. */
export class ConnectorConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} connector problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConnectorConfigurationError';
  }
}

const registries = new WeakMap<Config, ConnectorRegistry>();

/**
 * The registry of a configuration, loaded once per configuration object. Throws
 * `ConnectorConfigurationError` listing every problem when a connector is misconfigured.
 */
export function connectorRegistryFor(config: Config): ConnectorRegistry {
  const known = registries.get(config);
  if (known) return known;
  const result = loadConnectorRegistry(config);
  if (!result.ok) throw new ConnectorConfigurationError(result.problems);
  registries.set(config, result.registry);
  return result.registry;
}
