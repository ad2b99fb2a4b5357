import { NRPS_SCOPE, TOOL_CONFIGURATION_CLAIM } from '../claims.js';

/** The tool's endpoints at a base URL. */
export function toolEndpoints(baseUrl: string) {
  return {
    login: `${baseUrl}/lti/login`,
    launch: `${baseUrl}/lti/launch`,
    jwks: `${baseUrl}/lti/jwks`,
    register: `${baseUrl}/lti/register`,
    deepLink: `${baseUrl}/lti/deep-link`,
  };
}

/**
 * e-carnet as an LTI 1.3 tool, in the shape of a dynamic registration request (OpenID Connect
 * client metadata with the LTI tool configuration claim). Posted to platforms that register it
 * dynamically, and served in `manifest.json` for those registered by hand.
 *
 * @param description what ENT administrators read about the tool (from the catalogs, in French:
 *   the language of the ENTs e-carnet serves).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration
 */
export function toolConfiguration(baseUrl: string, description: string) {
  const endpoints = toolEndpoints(baseUrl);
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: endpoints.login,
    redirect_uris: [endpoints.launch],
    client_name: 'e-carnet',
    jwks_uri: endpoints.jwks,
    logo_uri: `${baseUrl}/static/icon.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: NRPS_SCOPE,
    [TOOL_CONFIGURATION_CLAIM]: {
      domain: new URL(baseUrl).host,
      description,
      target_link_uri: endpoints.launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email', 'locale'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: endpoints.launch, label: 'e-carnet' },
        { type: 'LtiDeepLinkingRequest', target_link_uri: endpoints.launch, label: 'e-carnet', supported_types: ['ltiResourceLink'] },
      ],
    },
  };
}
