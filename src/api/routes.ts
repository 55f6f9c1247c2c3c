import type { FastifyPluginAsync } from 'fastify';
import { accountsReadRoutes } from './accounts-read-routes.ts';
import { alertsRoutes } from './alerts-routes.ts';
import type { ApiContext } from './api-context.ts';
import { feedRoutes } from './feed-routes.ts';
import { healthRoutes } from './health-routes.ts';

/** Every group of routes `serve` answers: a new group is one file and one line here. */
export const API_ROUTES: ReadonlyArray<(context: ApiContext) => FastifyPluginAsync> = [
  healthRoutes,
  feedRoutes,
  alertsRoutes,
  accountsReadRoutes,
];
