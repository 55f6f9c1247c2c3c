import type { FastifyPluginAsync } from 'fastify';
import { accountsWriteRoutes } from './accounts-write-routes.ts';
import { accountsReadRoutes } from './accounts-read-routes.ts';
import { alertsRoutes } from './alerts-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import type { ApiContext } from './api-context.ts';
import { feedRoutes } from './feed-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { metricsRoutes } from './metrics-routes.ts';
import { queueBoardRoutes } from './queue-board-routes.ts';
import { importExportRoutes } from './import-export-routes.ts';
import { recrawlRoutes } from './recrawl-routes.ts';
import { maintenanceRoutes } from './maintenance-routes.ts';
import { mutesRoutes } from './mutes-routes.ts';

/** Every group of routes `serve` answers: a new group is one file and one line here. */
export const API_ROUTES: ReadonlyArray<(context: ApiContext) => FastifyPluginAsync> = [
  healthRoutes,
  feedRoutes,
  alertsRoutes,
  metricsRoutes,
  queueBoardRoutes,
  accountsWriteRoutes,
  importExportRoutes,
  recrawlRoutes,
  mutesRoutes,
  maintenanceRoutes,
  accountsReadRoutes,
  dashboardRoutes,
];
