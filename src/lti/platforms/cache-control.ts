/** Bounds on how long a platform's key set is kept, whatever its server says. */
export interface FreshnessBounds {
  /** Used when the response says nothing about caching. */
  readonly defaultSeconds: number;
  /** A floor: even `no-cache` keeps the set this long, so launches never refetch one by one. */
  readonly minSeconds: number;
  /** A ceiling, so a rotated platform key is seen within a day whatever the header says. */
  readonly maxSeconds: number;
}

/**
 * How long a response may be reused, from its `Cache-Control` header (`max-age`, `s-maxage`
 * ignored as we are no shared cache; `no-store`/`no-cache` mean the floor), within bounds.
 */
export function freshnessSeconds(header: string | null, bounds: FreshnessBounds): number {
  if (!header) return bounds.defaultSeconds;
  const directives = header
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  if (directives.some((directive) => directive === 'no-store' || directive === 'no-cache')) return bounds.minSeconds;
  const maxAge = directives.find((directive) => directive.startsWith('max-age='));
  if (!maxAge) return bounds.defaultSeconds;
  const seconds = Number(maxAge.slice('max-age='.length));
  if (!Number.isFinite(seconds) || seconds < 0) return bounds.defaultSeconds;
  return Math.min(bounds.maxSeconds, Math.max(bounds.minSeconds, Math.floor(seconds)));
}
