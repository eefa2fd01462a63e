import type { FastifyInstance } from 'fastify';
import type { AccessHooks } from '../../access/access-guard';

/** "Log out": the page's session ends on every host of the data folder (204, the cookie dropped). */
export function registerSessionRoutes(app: FastifyInstance, access: AccessHooks): void {
  app.post('/logout', access.logout);
}
