import type { Request } from 'express';
import type { Connector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import { AppError } from '../../http/errors.js';

/** The connector a sign-in route names (`:connector`), of the route's protocol, else NOT_FOUND. */
export function connectorFrom<C extends Connector>(req: Request, lookup: (id: string) => LoadedConnector<C> | undefined): LoadedConnector<C> {
  const loaded = lookup(String(req.params.connector));
  if (!loaded) throw new AppError('NOT_FOUND');
  return loaded;
}
