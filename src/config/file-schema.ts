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

/** The optional JSON file named by `ECARNET_CONFIG`. Unknown keys are errors, not ignored. */
export const configFileSchema = z.strictObject({
  connectors: z.array(connectorEntrySchema).default([]),
  platforms: z.array(platformEntrySchema).default([]),
});

export type ConnectorEntry = z.infer<typeof connectorEntrySchema>;
export type PlatformEntry = z.infer<typeof platformEntrySchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
