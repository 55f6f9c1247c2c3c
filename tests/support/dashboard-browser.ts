import type { LightMyRequestResponse } from 'fastify';
import type { ApiUnderTest } from './api-app.ts';

/** The `name=value` part of a response's Set-Cookie for `name`, or undefined. */
export function cookieFrom(res: LightMyRequestResponse, name: string): string | undefined {
  const headers = res.headers['set-cookie'];
  const all = Array.isArray(headers) ? headers : headers ? [headers] : [];
  return all.map((c) => c.split(';')[0]!).find((pair) => pair.startsWith(`${name}=`));
}

/** The CSRF token a page's form carries. */
export function csrfOf(body: string): string {
  return /name="csrf" value="([^"]+)"/.exec(body)![1]!;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Signs in through the form as a browser would: the form (and its cookie), then the post. */
export async function signInThroughForm(api: ApiUnderTest, token: string): Promise<LightMyRequestResponse> {
  const form = await api.call(null, { method: 'GET', url: '/signin' });
  return api.call(null, {
    method: 'POST',
    url: '/signin',
    headers: { ...FORM, cookie: cookieFrom(form, 'sleepwatch_signin')! },
    payload: new URLSearchParams({ token, csrf: csrfOf(form.body) }).toString(),
  });
}

/** A signed-in browser's `GET`. */
export function browse(api: ApiUnderTest, session: string, url: string): Promise<LightMyRequestResponse> {
  return api.call(null, { method: 'GET', url, headers: { cookie: session, accept: 'text/html' } });
}

export function postForm(api: ApiUnderTest, cookie: string, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return api.call(null, { method: 'POST', url, headers: { ...FORM, cookie }, payload: new URLSearchParams(fields).toString() });
}
