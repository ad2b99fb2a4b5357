/**
 * The connector contract: a connector (a folder in `connectors/<id>/` with `connector.json` and
 * `index.ts`) imports only this file. It gathers the shapes a connector hands to e-carnet and the
 * helpers it reads its options and claims with; those helpers import the shapes from
 * `contract-types.ts`, not from here, so that no module imports itself back.
 */
export type * from './contract-types.js';
export * from './connector-options.js';
export * from './identity-table.js';
