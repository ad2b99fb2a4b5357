import { jwksRoute } from '../lti/keys/jwks-router.js';
import { healthRoute, readyRoute } from '../platform/health-router.js';
import { manifestRoute } from '../platform/manifest.js';
import { portfolioExportRoute, portfolioImportRoute } from '../portfolio/export/export-router.js';
import { familyDataExportRoute } from '../family-data/router.js';
import { directorySyncRoute } from '../roster/router.js';
import { calendarFeedRoute } from '../meetings/feed-router.js';
import type { DocumentedRoute } from './api-route.js';

/**
 * The routes outside `/api/v1` whose answer a program reads — JSON, the portfolio ZIP, the
 * probes, the ENT manifest — described in the OpenAPI document at their real paths. Each is declared with
 * `appRoute` beside its router, which mounts it through `validated` with the same schemas.
 */
export const appRoutes: readonly DocumentedRoute[] = [
  healthRoute,
  readyRoute,
  jwksRoute,
  manifestRoute,
  portfolioExportRoute,
  portfolioImportRoute,
  directorySyncRoute,
  calendarFeedRoute,
  familyDataExportRoute,
];
