import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { TOOL_CONFIGURATION_CLAIM } from '../claims.js';
import type { RunMode } from '../../config/schema.js';
import { fetchPlatformJson } from '../fetch-json.js';
import type { PlatformConfiguration } from './platform-configuration.js';
import type { toolConfiguration } from './tool-configuration.js';

/** What the platform answered: our client id, and the deployment it created, if any. */
interface ToolRegistration {
  readonly clientId: string;
  readonly deploymentId: string | null;
}

const registrationResponse = z.object({
  client_id: z.string().min(1).max(191),
  [TOOL_CONFIGURATION_CLAIM]: z.object({ deployment_id: z.string().min(1).max(191).optional() }).optional(),
});

/**
 * Posts the tool configuration to the platform's registration endpoint, with the one-time
 * registration token the platform gave. LTI_REGISTRATION_FAILED when the platform refuses.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-registration-request
 */
export async function registerTool(
  platform: PlatformConfiguration,
  configuration: ReturnType<typeof toolConfiguration>,
  registrationToken: string | undefined,
  mode: RunMode,
): Promise<ToolRegistration> {
  let body: unknown;
  try {
    const response = await fetchPlatformJson(platform.registrationEndpoint, mode, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(configuration),
    });
    if (response.status !== 200 && response.status !== 201) throw new Error(`registration endpoint answered ${response.status}`);
    body = response.body;
  } catch (error) {
    throw new AppError('LTI_REGISTRATION_FAILED', { cause: error });
  }
  const parsed = registrationResponse.safeParse(body);
  if (!parsed.success) throw new AppError('LTI_REGISTRATION_FAILED', { cause: parsed.error });
  return { clientId: parsed.data.client_id, deploymentId: parsed.data[TOOL_CONFIGURATION_CLAIM]?.deployment_id ?? null };
}
