import type { FastifyInstance } from 'fastify';
import { OPEN_ROUTE } from '../../access/open-route';

export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/health', OPEN_ROUTE, async () => ({ status: 'ok' }));
}
