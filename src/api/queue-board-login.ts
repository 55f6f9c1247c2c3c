import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleAllows } from '../domain/role.ts';
import { principalForToken } from '../store/api-tokens-repository.ts';
import type { ApiContext } from './api-context.ts';
import { TOKEN_COOKIE } from './auth.ts';
import { errorBodySchema } from './error-body-schema.ts';

/** Where the queue board lives; its cookie is sent there and nowhere else. */
export const BOARD_PATH = '/queues';

/** A working day: a browser left open does not hold an admin token for longer. */
const COOKIE_MAX_AGE_S = 8 * 3600;

const loginSchema = z.object({ token: z.string().optional().describe('An admin API token') });

/**
 * `GET /queues/login` (a form), `POST /queues/login` (the form's answer) and
 * `GET /queues/login?token=…`: a browser cannot send an `Authorization` header, so an admin
 * token is checked here once and handed back as an HttpOnly, `SameSite=Strict` cookie for
 * `/queues` only, and the browser is sent to the board. The form keeps the token out of the
 * browser's history and of logs (the query form's `token` is scrubbed from the request log).
 */
export function queueBoardLogin(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const schema = (method: string) => ({
      tags: ['operations'],
      summary: `Queue board sign-in (${method})`,
      security: [],
      response: {
        200: z.string().describe('The sign-in form'),
        303: z.null().describe('To the board, with its cookie'),
        401: errorBodySchema,
        403: errorBodySchema,
      },
    });

    app.get(
      `${BOARD_PATH}/login`,
      { config: { access: 'public' }, schema: { ...schema('GET'), querystring: loginSchema } },
      async (request, reply) =>
        request.query.token ? signIn(context, request, reply, request.query.token) : reply.type('text/html; charset=utf-8').send(FORM),
    );
    app.post(
      `${BOARD_PATH}/login`,
      { config: { access: 'public' }, schema: { ...schema('POST'), body: loginSchema } },
      async (request, reply) => signIn(context, request, reply, request.body.token ?? ''),
    );
  };
}

async function signIn(context: ApiContext, request: FastifyRequest, reply: FastifyReply, token: string): Promise<FastifyReply> {
  reply.header('cache-control', 'no-store');
  const principal = await principalForToken(context.store.db, token.trim());
  if (!principal)
    return reply.code(401).send({ error: 'unknown or revoked token: the queue board needs an admin API token (sleepwatch tokens add)' });
  if (!roleAllows(principal.role, 'admin')) {
    return reply.code(403).send({ error: `the queue board needs a token with the admin role; this token's role is ${principal.role}` });
  }
  const secure = request.protocol === 'https' || context.config.alerts.publicUrl?.startsWith('https:') === true;
  const cookie = [
    `${TOKEN_COOKIE}=${encodeURIComponent(token.trim())}`,
    `Path=${BOARD_PATH}`,
    `Max-Age=${COOKIE_MAX_AGE_S}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
  return reply.code(303).header('set-cookie', cookie).header('location', `${BOARD_PATH}/`).send();
}

const FORM = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sleepwatch queues: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto">
<h1>sleepwatch queues</h1>
<form method="post" action="${BOARD_PATH}/login">
<label>Admin API token<br><input type="password" name="token" autocomplete="off" required style="width: 100%"></label>
<p><button type="submit">Open the queue board</button></p>
</form>
</body></html>
`;
