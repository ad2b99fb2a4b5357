/**
 * What a teacher can place in the ENT through deep linking. Each kind names the e-carnet page a
 * placed link opens (for the one who placed it: `placedLanding` lands everyone else where they
 * may go). Pages still to come point to the closest page that exists today; a later issue changes
 * only `resourcePath` here, and links already placed keep
 * working: each carries its kind and id as custom parameters (`resource_kind`, `resource_id`),
 * which the platform sends back at every launch and `placedResource` reads.
 */
const PLACEABLE_KINDS = ['classSpace', 'portfolio', 'messages'] as const;
/** A kind of resource the picker offers. */
type PlaceableKind = (typeof PLACEABLE_KINDS)[number];

/** A resource chosen in the picker: its kind and the record it shows. */
export interface PlaceableResource {
  readonly kind: PlaceableKind;
  /** The class for `classSpace` and `messages`, the pupil for `portfolio`. */
  readonly id: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const IS_UUID = new RegExp(`^${UUID}$`);
const CLASS_PATH = new RegExp(`^/classes/(${UUID})$`);
const PUPIL_PATH = new RegExp(`^/pupils/(${UUID})$`);

/** The resource a launch's custom parameters name, when they name one of the placeable kinds and an id. */
export function placedResource(custom: unknown): PlaceableResource | undefined {
  if (custom === null || typeof custom !== 'object') return undefined;
  const { resource_kind: kind, resource_id: id } = custom as Record<string, unknown>;
  if (typeof kind !== 'string' || !(PLACEABLE_KINDS as readonly string[]).includes(kind)) return undefined;
  if (typeof id !== 'string' || !IS_UUID.test(id)) return undefined;
  return { kind: kind as PlaceableKind, id };
}

/** The page each kind opens, relative to the module's base URL. */
export function resourcePath(resource: PlaceableResource): string {
  switch (resource.kind) {
    case 'classSpace':
      return `/classes/${resource.id}`;
    case 'portfolio':
      return `/pupils/${resource.id}`;
    case 'messages':
      return '/messages';
  }
}

/** The resource a launchable path shows, for links placed before their custom parameters (or by a platform that drops them). */
export function resourceAtPath(path: string): PlaceableResource | undefined {
  const classSpace = CLASS_PATH.exec(path)?.[1];
  if (classSpace !== undefined) return { kind: 'classSpace', id: classSpace };
  const portfolio = PUPIL_PATH.exec(path)?.[1];
  if (portfolio !== undefined) return { kind: 'portfolio', id: portfolio };
  return undefined;
}

/** Paths that placed links and launches may open (the target link allow-list). */
export const LAUNCHABLE_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/lti\/launch$/,
  /^\/home$/,
  /^\/messages$/,
  new RegExp(`^/classes/${UUID}$`),
  new RegExp(`^/pupils/${UUID}$`),
];
