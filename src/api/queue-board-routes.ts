import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from './api-context.ts';
import { BOARD_PATH, queueBoardLogin } from './queue-board-login.ts';

type BoardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

/**
 * `/queues`: Bull Board over the crawl and delivery queues (jobs by state, their data and
 * errors; retry, promote, clean), for admins. A browser signs in at `/queues/login` (see
 * `queueBoardLogin`) and then carries its token in a cookie that only these routes accept; a
 * script can send the usual `Authorization` header. Opening the board without either leads to
 * the sign-in form.
 *
 * The board's routes are registered by its adapter, so their access is set as they are added,
 * inside this scope only (as `/docs` is made public in `buildHttpApp`).
 */
export function queueBoardRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(queueBoardLogin(context));
    await app.register(async (board) => {
      board.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'admin', cookie: true };
      });
      // A browser that opens a page of the board without a token is shown the way in.
      board.addHook('onSend', async (request, reply, payload) => {
        if (reply.statusCode !== 401 || request.method !== 'GET' || !request.headers.accept?.includes('text/html')) return payload;
        reply.code(303).header('location', `${BOARD_PATH}/login`).removeHeader('content-type');
        return '';
      });
      // The casts only bridge declarations: the adapter's types name the Redis backend, and
      // @bull-board/fastify brings its own copy of @bull-board/api's (one patch version apart).
      let adapters: BullMQAdapter[];
      try {
        adapters = [
          new BullMQAdapter(context.queues.crawl as unknown as BoardQueue),
          new BullMQAdapter(context.queues.notify as unknown as BoardQueue),
        ];
      } catch (err) {
        // A queue the board cannot read (a backend it does not know): the rest of the API still
        // serves, and the board's address says why it does not.
        const error = `the queue board cannot show the queues of this set-up (${context.queues.backend}): ${(err as Error).message}`;
        for (const url of [BOARD_PATH, `${BOARD_PATH}/*`]) {
          board.get(url, { schema: { hide: true } }, async (_request, reply) =>
            reply.code(503).header('cache-control', 'no-store').send({ error }),
          );
        }
        return;
      }
      const serverAdapter = new FastifyAdapter();
      createBullBoard({
        queues: adapters,
        serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
        options: { uiConfig: { boardTitle: 'sleepwatch' } },
      });
      serverAdapter.setBasePath(BOARD_PATH);
      await board.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
    });
  };
}
