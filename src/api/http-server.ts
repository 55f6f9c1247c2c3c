import net from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { InvalidInputError, type InputIssue } from '../domain/errors.ts';
import { logger } from '../logging/logger.ts';
import { scrubRequestTarget } from '../logging/scrub-url.ts';
import type { ApiContext } from './api-context.ts';
import { authentication } from './auth.ts';
import { replyNotFound } from './not-found.ts';
import { API_ROUTES } from './routes.ts';

/** Largest request body outside the import route, which takes a register (see `SLEEPWATCH_MAX_REGISTER_BYTES`). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP side of `serve`, ready for `inject` or `listen`: the routes of `routes.ts`, each with
 * a zod schema that validates its input and describes it in the OpenAPI document
 * (`/openapi.json`, read at `/docs`), behind API tokens (`auth.ts`) and a rate limit.
 *
 * Every error is answered as `{ error, issues? }`: `issues` name the field of a rejected input.
 *
 * Fastify's own request log stays off: feed URLs carry their subscriber's token in the query
 * string, and a log line is not a place for it. Each request is logged here instead, its
 * secret parameters scrubbed; health probes, which come every few seconds, only at debug.
 */
export function buildHttpApp(context: ApiContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0]!;
    logger()[PROBES.has(path) ? 'debug' : 'info'](
      {
        event: 'request',
        method: request.method,
        path: scrubRequestTarget(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      `${request.method} ${path} ${reply.statusCode}`,
    );
    done();
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    reply.header('cache-control', 'no-store');
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues: InputIssue[] = err.validation.map((v) => ({
        field: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: `invalid ${err.validationContext ?? 'request'}`, issues });
    }
    if (err instanceof InvalidInputError) {
      const [summary] = err.message.split('\n');
      return reply.code(400).send({ error: summary, issues: err.issues });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: err.message });
    }
    // The path only: the query may hold a token.
    logger().error(
      { event: 'request-failed', method: request.method, path: request.url.split('?', 1)[0], error: err.message },
      `${request.method} ${request.url.split('?', 1)[0]} failed: ${err.message}`,
    );
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((_request, reply) => replyNotFound(reply));

  void app.register(swagger, {
    openapi: {
      info: { title: 'sleepwatch', version: '0.1.0', description: 'Accounts, their statuses, alerts and the work of watching them.' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'An API token (sleepwatch tokens add)' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The API's description is no secret (the project is open source), and a browser opening
  // /docs sends no token: its pages are open, and what it calls asks for a token as usual.
  void app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
  // Limited per token, or per client address when no token is presented: a guesser of tokens
  // is slowed as much as a script that runs away. Probes are exempt (see `healthRoutes`).
  void app.register(rateLimit, {
    max: context.config.api.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => /^Bearer\s+(swt_\d+)_/i.exec(request.headers.authorization ?? '')?.[1] ?? request.ip,
    // Thrown to the error handler, which answers `{ error: message }` as for every other 4xx.
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      message: `too many requests: at most ${limit.max} a minute; retry in ${Math.ceil(limit.ttl / 1000)} s`,
    }),
  });
  void app.register(authentication(context));
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  for (const routes of API_ROUTES) void app.register(routes(context));
  return app;
}

/** Paths that orchestrators poll. */
const PROBES = new Set(['/healthz', '/readyz']);

export interface ListenOptions {
  /** 0: any free port. */
  port: number;
  /** @defaultValue 127.0.0.1 (nothing listens beyond this machine unless configured) */
  host?: string;
}

/**
 * Starts the HTTP server of `serve` and resolves once it listens, with the URL to reach it at
 * and a graceful `close`.
 *
 * @throws InvalidInputError when the port is taken or the address is not this machine's: the
 * user's setting is what is wrong, and a stack trace would not say so.
 */
export async function startHttpServer(context: ApiContext, { port, host = '127.0.0.1' }: ListenOptions): Promise<HttpServer> {
  const app = buildHttpApp(context);
  try {
    await app.listen({ port, host });
  } catch (err) {
    await app.close();
    throw listenError(err, port, host);
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${reachableHost(host)}:${boundPort}`;
  return {
    url,
    // Where it listens, when that is more than this machine: the operator should see it said.
    description: isWildcard(host) ? `${host} port ${boundPort}, every interface (${url} from this machine)` : url,
    close: () => app.close(),
  };
}

export interface HttpServer {
  /** Where a client on this machine reaches the server. */
  url: string;
  /** Where it listens, for the start-up line. */
  description: string;
  close(): Promise<void>;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * Fails as `startHttpServer` would if the address cannot be listened on, without serving:
 * `serve` checks before it starts crawling, so a taken port stops it before any work begins.
 */
export async function assertCanListen({ port, host = '127.0.0.1' }: ListenOptions): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  }).catch((err: unknown) => {
    throw listenError(err, port, host);
  });
}

function listenError(err: unknown, port: number, host: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new InvalidInputError(`port ${port} is in use (on ${host}); choose another with --port or PORT`);
  if (code === 'EACCES') return new InvalidInputError(`port ${port} needs privileges this process does not have; choose a port above 1023`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new InvalidInputError(`cannot listen on ${host}: not an address of this machine; check --host or SLEEPWATCH_HOST`);
  }
  return err;
}

/** Wildcard addresses are where a server listens, not where a client can connect. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
