import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../api-services';

export function registerPoolRoutes(app: FastifyInstance, services: ApiServices): void {
  app.get('/api/pools', async () =>
    (await services.poolStats()).map((pool) => ({
      poolId: pool.poolId,
      level: pool.level,
      inFlight: pool.inFlight,
      queued: pool.queued,
      connectionIds: [...pool.connectionIds],
    })),
  );
}
