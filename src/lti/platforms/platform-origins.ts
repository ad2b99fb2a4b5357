import type { Logger } from 'pino';
import { IsNull, type DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import { LtiPlatform } from '../../model/lti-platform.js';

/** Other instances' registrations and disconnections are seen within a minute. */
const REFRESH_AFTER_MS = 60_000;

/**
 * The web origins of each registration switched on (its login endpoint's and its issuer's): the
 * ENT that may show e-carnet in its iframe to the people it signed in. Kept in memory, read from
 * the database in the background when a minute old, so that any response can ask at once; this
 * instance's own launches, registrations and disconnections update it at once.
 */
export class PlatformOrigins {
  private byPlatform = new Map<string, readonly string[]>();
  private loadedAt: number | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The origins of a registration switched on, as last read (none when unknown or off). */
  of(platformId: string): readonly string[] {
    const now = this.clock.now().getTime();
    if (this.loadedAt === undefined || now - this.loadedAt >= REFRESH_AFTER_MS || now < this.loadedAt) {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'LTI platform origins could not be read'));
    }
    return this.byPlatform.get(platformId) ?? [];
  }

  /** Records a registration just read (a launch, a registration), switched on or off. */
  remember(platform: LtiPlatform): void {
    if (platform.disabledAt === null) this.byPlatform.set(platform.id, originsOfPlatform(platform));
    else this.byPlatform.delete(platform.id);
  }

  /** Reads them all again now (one read at a time). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const startedAt = this.clock.now().getTime();
    try {
      const platforms = await this.dataSource.getRepository(LtiPlatform).find({
        select: { id: true, authLoginUrl: true, issuer: true },
        where: { disabledAt: IsNull() },
      });
      this.byPlatform = new Map(platforms.map((platform) => [platform.id, originsOfPlatform(platform)]));
    } finally {
      // A database briefly away is asked again a minute later, not at every response.
      this.loadedAt = startedAt;
    }
  }
}

/** The web origins a platform's pages are served from (its login endpoint's, its issuer's). */
export function originsOfPlatform(platform: Pick<LtiPlatform, 'authLoginUrl' | 'issuer'>): string[] {
  const origins: string[] = [];
  for (const value of [platform.authLoginUrl, platform.issuer]) {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.push(url.origin);
    } catch {
      // An issuer need not be a URL.
    }
  }
  return [...new Set(origins)];
}
