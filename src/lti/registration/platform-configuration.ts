import { z } from 'zod';
import type { RunMode } from '../../config/schema.js';
import { AppError } from '../../http/errors.js';
import { PLATFORM_CONFIGURATION_CLAIM } from '../claims.js';
import { fetchPlatformJson } from '../fetch-json.js';
import { isAcceptablePlatformUrl } from './acceptable-url.js';

/** What dynamic registration needs from a platform's openid-configuration. */
export interface PlatformConfiguration {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly registrationEndpoint: string;
  readonly authorizationServer: string | null;
  readonly productName: string | null;
}

const endpoint = z.string().max(2000);
const configurationSchema = z.object({
  issuer: z.string().min(1).max(191),
  authorization_endpoint: endpoint,
  token_endpoint: endpoint,
  jwks_uri: endpoint,
  registration_endpoint: endpoint,
  authorization_server: z.string().max(500).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION_CLAIM]: z.object({ product_family_code: z.string().max(100).optional() }).optional(),
});

/**
 * Reads and checks a platform's openid-configuration: every endpoint acceptable (in production:
 * HTTPS to a public address, see `isAcceptablePlatformUrl`), the issuer on
 * the very site that served the configuration (a configuration cannot speak for another
 * issuer), RS256 among its signing algorithms. LTI_REGISTRATION_FAILED otherwise.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export async function fetchPlatformConfiguration(openidConfigurationUrl: string, mode: RunMode): Promise<PlatformConfiguration> {
  if (!(await isAcceptablePlatformUrl(openidConfigurationUrl, mode))) throw new AppError('LTI_REGISTRATION_FAILED');
  let body: unknown;
  try {
    const response = await fetchPlatformJson(openidConfigurationUrl, mode, { headers: { accept: 'application/json' } }, { maxBytes: 256 * 1024 });
    if (response.status !== 200) throw new Error(`openid-configuration answered ${response.status}`);
    body = response.body;
  } catch (error) {
    throw new AppError('LTI_REGISTRATION_FAILED', { cause: error });
  }
  const parsed = configurationSchema.safeParse(body);
  if (!parsed.success) throw new AppError('LTI_REGISTRATION_FAILED', { cause: parsed.error });
  const configuration = parsed.data;
  const endpoints = [configuration.issuer, configuration.authorization_endpoint, configuration.token_endpoint, configuration.jwks_uri, configuration.registration_endpoint];
  const acceptable = await Promise.all(endpoints.map((url) => isAcceptablePlatformUrl(url, mode)));
  if (!acceptable.every(Boolean)) throw new AppError('LTI_REGISTRATION_FAILED');
  if (new URL(configuration.issuer).origin !== new URL(openidConfigurationUrl).origin) throw new AppError('LTI_REGISTRATION_FAILED');
  const algorithms = configuration.id_token_signing_alg_values_supported;
  if (algorithms !== undefined && !algorithms.includes('RS256')) throw new AppError('LTI_REGISTRATION_FAILED');
  return {
    issuer: configuration.issuer,
    authorizationEndpoint: configuration.authorization_endpoint,
    tokenEndpoint: configuration.token_endpoint,
    jwksUri: configuration.jwks_uri,
    registrationEndpoint: configuration.registration_endpoint,
    authorizationServer: configuration.authorization_server ?? null,
    productName: configuration[PLATFORM_CONFIGURATION_CLAIM]?.product_family_code ?? null,
  };
}
