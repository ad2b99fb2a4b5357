import { z } from 'zod';

/** A slug used in URLs such as `/auth/oidc/:connector/login`. */
const connectorIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');

/**
 * One identity or roster source enabled for this deployment. `type` names a folder in
 * `connectors/`; `options` are checked by that connector when it is loaded. Secrets are never
 * written here: options name the environment variable that holds them.
 */
const connectorEntrySchema = z.strictObject({
  id: connectorIdSchema,
  type: connectorIdSchema,
  enabled: z.boolean().default(true),
  displayName: z.string().min(1).max(80).optional(),
  schools: z.array(z.string().regex(/^\d{7}[A-Z]$/, 'must be a UAI such as 0750001A')).default([]),
  options: z
    .record(z.string(), z.unknown())
    .default({})
    .superRefine((options, ctx) => {
      for (const [key, value] of Object.entries(options)) {
        if (key.endsWith('Env') && (typeof value !== 'string' || !/^ECARNET_[A-Z0-9_]+$/.test(value))) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'must name an environment variable starting with ECARNET_' });
        }
      }
    }),
});

/**
 * An endpoint of a configured platform: HTTPS (plain HTTP only on this machine, for a local
 * platform), no credentials in the URL, and short enough to be a URL. In production e-carnet also
 * refuses to call one whose host is not a public address (src/lti/registration/acceptable-url.ts).
 */
const platformUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '' && (url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  }, 'must be https (http only on this machine), without credentials');

/** An identifier as the database keeps it (191 characters, no space at its ends). */
const platformIdentifierSchema = z
  .string()
  .min(1)
  .max(191)
  .refine((value) => value.trim() === value, 'must not start or end with a space');

/** An LTI 1.3 platform (an ENT) registered by hand rather than by dynamic registration. */
export const platformEntrySchema = z.strictObject({
  issuer: platformUrlSchema.pipe(platformIdentifierSchema),
  clientId: platformIdentifierSchema,
  deploymentIds: z.array(platformIdentifierSchema).min(1).max(500),
  authLoginUrl: platformUrlSchema,
  authTokenUrl: platformUrlSchema,
  keysetUrl: platformUrlSchema,
  name: z.string().min(1).max(120).optional(),
});

// --- Operators: the people who run the deployment (schools, directors, ENTs), by their sign-in.
const operatorTextSchema = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => value.trim() === value, 'must not start or end with a space');

/**
 * Someone who runs this deployment: known by the account they sign in with (the identity
 * provider's issuer and their subject there), or by a connector and their académie directory key.
 */
export const operatorEntrySchema = z.union([
  z.strictObject({ name: z.string().min(1).max(80).optional(), issuer: operatorTextSchema(191), subject: operatorTextSchema(191) }),
  z.strictObject({ name: z.string().min(1).max(80).optional(), connector: connectorIdSchema, directoryKey: operatorTextSchema(120) }),
]);
// --- end operators

/** The optional JSON file named by `ECARNET_CONFIG`. Unknown keys are errors, not ignored. */
export const configFileSchema = z
  .strictObject({
    connectors: z.array(connectorEntrySchema).default([]),
    platforms: z.array(platformEntrySchema).default([]),
    operators: z.array(operatorEntrySchema).default([]),
  })
  .superRefine(
    (file, ctx) => {
      // An operator known by a directory key signs in through a connector this file enables.
      // Checked even when other entries are wrong, so that every problem is listed at once.
      const connectors = Array.isArray(file.connectors) ? (file.connectors as unknown[]) : [];
      const enabled = new Set(
        connectors
          .filter((connector): connector is { id: unknown; enabled?: unknown } => typeof connector === 'object' && connector !== null)
          .filter((connector) => connector.enabled !== false)
          .map((connector) => connector.id),
      );
      const operators = Array.isArray(file.operators) ? (file.operators as unknown[]) : [];
      operators.forEach((operator, index) => {
        if (typeof operator !== 'object' || operator === null || !('connector' in operator)) return;
        const connector = (operator as { connector: unknown }).connector;
        if (typeof connector === 'string' && !enabled.has(connector)) {
          ctx.addIssue({ code: 'custom', path: ['operators', index, 'connector'], message: `names no enabled connector ("${connector}")` });
        }
      });
    },
    { when: () => true },
  );

export type ConnectorEntry = z.infer<typeof connectorEntrySchema>;
export type PlatformEntry = z.infer<typeof platformEntrySchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
export type OperatorEntry = z.infer<typeof operatorEntrySchema>;
