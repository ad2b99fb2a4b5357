import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createApiRouter } from './api/router.js';
import { createAuditRouter } from './audit/router.js';
import { createEngagementRouter } from './engagement/router.js';
import { csrfProtection, type CsrfRules } from './auth/csrf.js';
import { SessionManager } from './auth/session-manager.js';
import { SessionStore } from './auth/session-store.js';
import { createClassesRouter } from './classes/router.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { ModuleContext } from './context.js';
import { createDemoRouter } from './demo/router.js';
import { createHomeRouter } from './home/router.js';
import { createPupilSpaceRouter } from './pupil-space/router.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { requestLogger } from './http/request-logger.js';
import { securityHeaders } from './http/security-headers.js';
import { languageMiddleware } from './i18n/middleware.js';
import { createTranslator } from './i18n/translator.js';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { createHealthRouter } from './platform/health-router.js';
import { createManifestRouter } from './platform/manifest.js';
import { createPupilsRouter } from './pupils/router.js';
import { createSignInRouter } from './sign-in/router.js';
import { createLtiRouter } from './lti/router.js';
import { createIdentityRouter } from './auth/identity-router.js';
import './http/request-context.js';
import { createViewEngine } from './views/engine.js';
import { DEFAULT_MEDIA_LIMITS, storageFromOptions, type MediaStorage } from './media/index.js';
import { createPortfolioRouter } from './portfolio/router.js';
import { createReadAloudRouter } from './read-aloud/router.js';
import { createPortfolioExportRouter } from './portfolio/export/export-router.js';
import { createFamilyDataRouter } from './family-data/router.js';
import { createDataRequestsRouter } from './family-data/data-requests-router.js';
import { createSkillsRouter } from './skills/router.js';
import { createSurveyRouter } from './survey/router.js';
import { createCharterRouter } from './charter/router.js';
import { createSchoolRulesRouter } from './school-rules/router.js';
import { createMessagingDeps } from './messaging/create-messaging.js';
import { createMessagingRouter } from './messaging/router.js';
import { createAppShellRouter } from './pwa/router.js';
import { deviceLocals } from './pwa/device-locals.js';
import { bottomNavMiddleware } from './home/bottom-nav.js';
import type { EntNotificationHook } from './notify/channels/ent-hook.js';
import type { TranslationProvider } from './translate/provider.js';
import { createPaperRouter } from './paper/router.js';
import { createSharingRouter } from './sharing/router.js';
import { createCalendarFeedRouter } from './meetings/feed-router.js';
import { createMeetingsRouter } from './meetings/router.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.js';
import { createMetricsRouter } from './metrics/metrics-router.js';
import { refuseMembersOfClosedSchools } from './operator/closed-schools.js';
import { operatorKeys } from './operator/operators.js';
import { createOperatorRouter } from './operator/router.js';
import { createRetentionRouter } from './retention/router.js';
import { createLegalRouter } from './legal/router.js';
import { createAppointmentsRouter } from './operator/appointments-router.js';

/** What the module needs from its host: an initialised data source, and optionally a logger and a clock. */
export interface AppDependencies {
  readonly dataSource: DataSource;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Media storage; built from the configuration when absent. */
  readonly mediaStorage?: MediaStorage;
  /** Called when a message is accepted: the server wakes its in-process notification worker. */
  readonly onMessageAccepted?: () => void;
  /** A connector's hook into the ENT's notification feed; notifications are planned for it when present. */
  readonly entHook?: EntNotificationHook;
  /** Replaces the configured translation provider (null: none). */
  readonly translationProvider?: TranslationProvider | null;
}

/** Name of the session cookie (documented in the OpenAPI security scheme). */
export const SESSION_COOKIE = 'ecarnet_session';

/** Where the CSRF token is looked for, and where it is not needed. */
export const CSRF_RULES: CsrfRules = {
  // POSTs from another site that carry their own proof (signed LTI launches, signed SAML
  // responses, a link-holder notice's unsubscribe token, which mail clients post in one click).
  exemptions: [
    /^\/lti\/(login|launch|deep-link|register)$/,
    /^\/auth\/saml\/[^/]+\/(acs|logout)$/,
    /^\/auth\/cas\/[^/]+\/callback$/,
    /^\/link-notices\/unsubscribe\/[^/]+$/,
  ],
  // Pages whose multipart forms stream their files to storage: their readers check the form's token.
  streamedForms: [
    /^\/classes\/[^/]+\/portfolio\/(entries|import)$/,
    /^\/messages$/,
    /^\/schools\/[^/]+\/roster-import$/,
  ],
};

/**
 * Builds the e-carnet Express application. It starts nothing (no listener, no timers) and can
 * run on its own or be mounted by a host under any path: `host.use('/e-carnet', createApp(…))`.
 */
export function createApp(config: Config, deps: AppDependencies): Express {
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const clock = deps.clock ?? systemClock;
  const translator = createTranslator();
  const sessions = new SessionManager(
    new SessionStore(deps.dataSource, config.session),
    { name: SESSION_COOKIE, crossSite: config.session.crossSiteCookies, maxHours: config.session.maxHours },
    clock,
    // Operators: who may keep an operator session, and who may not sign in (deactivated schools).
    { admit: (personId, now) => refuseMembersOfClosedSchools(deps.dataSource, personId, now), operatorKeys: operatorKeys(config.operators) },
  );
  const media = {
    storage: deps.mediaStorage ?? storageFromOptions(config.media.storage),
    limits: { ...DEFAULT_MEDIA_LIMITS, maxVideoBytes: config.media.maxVideoBytes },
    schoolQuotaBytes: config.media.schoolQuotaBytes,
  };
  const messaging = createMessagingDeps(config, deps.dataSource, clock, {
    entHook: deps.entHook !== undefined,
    onAccepted: deps.onMessageAccepted,
    translationProvider: deps.translationProvider,
  });
  const context: ModuleContext = { config, dataSource: deps.dataSource, logger, clock, sessions, translator, media, messaging };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.engine('hbs', createViewEngine().engine);
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  app.enable('view cache');

  app.use((req: Request, res: Response, next: NextFunction) => {
    // The mount path as seen from the top of this app, so links work wherever a host mounts it.
    req.basePath = req.baseUrl;
    res.locals.base = req.baseUrl;
    next();
  });
  app.use(requestLogger(logger));
  // Operations: request durations by route template, and /metrics behind its bearer token (before sessions).
  app.use(httpMetricsMiddleware());
  app.use(createMetricsRouter(config.operations.metricsToken, deps.dataSource, clock));
  app.use(securityHeaders(config));
  app.use(
    '/static',
    express.static(PUBLIC_DIR, {
      index: false,
      maxAge: '1h',
      // The ENT displays the module's icon on its own pages: static files are public.
      setHeaders: (res) => res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin'),
    }),
  );
  app.use(createManifestRouter(config));
  // The installable app: its manifest, its one service worker (offline reading, Web Push), the offline page.
  app.use(createAppShellRouter(context));

  const bodyLimit = `${config.bodyLimitKb}kb`;
  app.use(express.json({ limit: bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: bodyLimit, parameterLimit: 200 }));
  app.use(sessions.middleware());
  app.use(languageMiddleware(translator, config.session.crossSiteCookies));
  app.use(deviceLocals());
  app.use(bottomNavMiddleware(deps.dataSource));
  app.use(createHealthRouter(deps.dataSource));
  app.use(csrfProtection(CSRF_RULES));

  app.use(createSignInRouter(context));
  app.use(createIdentityRouter(context));
  app.use(createLtiRouter(context));
  app.use(createDemoRouter(context));
  // Before the home page: a guardian first reads the school's charter they have not acknowledged.
  app.use(createCharterRouter(context));
  app.use(createHomeRouter(context));
  app.use(createClassesRouter(context));
  app.use(createPupilsRouter(context));
  app.use(createAuditRouter(context));
  app.use(createRetentionRouter(context));
  app.use(createLegalRouter(context));
  app.use(createPortfolioRouter(context));
  app.use(createPortfolioExportRouter(context));
  app.use(createPupilSpaceRouter(context));
  app.use(createFamilyDataRouter(context));
  app.use(createDataRequestsRouter(context));
  app.use(createSkillsRouter(context));
  app.use(createSurveyRouter(context));
  app.use(createSchoolRulesRouter(context));
  app.use(createMessagingRouter(context));
  app.use(createSharingRouter(context));
  // Reading aloud on the server, for devices without a voice for the reader's language.
  app.use(createReadAloudRouter(context));
  app.use(createCalendarFeedRouter(context));
  app.use(createMeetingsRouter(context));
  app.use(createPaperRouter(context));
  app.use(createEngagementRouter(context));
  app.use('/api/v1', createApiRouter(context));
  // --- Operators: the operator pages, and appointment links (opened and created by directors).
  app.use(createOperatorRouter(context));
  app.use(createAppointmentsRouter(context));
  // --- end operators

  app.use(notFoundHandler);
  app.use(errorHandler(logger, translator));
  return app;
}
