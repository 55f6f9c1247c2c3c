import type { PageRequest } from '../platforms/adapter.ts';
import type { AccessSettings } from './access-settings.ts';
import type { RawPageRequest } from './raw-response.ts';

/**
 * The request a crawler sends for an adapter's page: the headers the platform requires,
 * overridden by the operator's headers and user agent for that platform or profile, with its
 * cookies and proxy. Adapters stay pure; what an installation configured is added here.
 */
export function withAccess(request: PageRequest, access: AccessSettings): RawPageRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, access.headers);
  if (access.userAgent) headers['user-agent'] = access.userAgent;
  return {
    url: request.url,
    ...(request.accept ? { accept: request.accept } : {}),
    ...(request.waitFor ? { waitFor: request.waitFor } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(access.cookies && Object.keys(access.cookies).length ? { cookies: access.cookies } : {}),
    ...(access.proxy ? { proxyUrl: access.proxy } : {}),
  };
}
