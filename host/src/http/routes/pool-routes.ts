import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../api-services';

/**
 * The concurrency pools, named after their root connection (the one that borrows from no one)
 * with their members by name: what a person needs to see who shares whose limit.
 */
export function registerPoolRoutes(app: FastifyInstance, services: ApiServices): void {
  app.get('/api/pools', async () => {
    const connections = new Map(services.store.connections.list().map((connection) => [connection.id, connection]));
    const nameOf = (id: string): string => connections.get(id)?.name ?? id;
    return (await services.poolStats()).map((pool) => {
      const members = [...pool.connectionIds];
      // A pool is keyed by its root connection's id; otherwise the member that borrows from no one.
      const root = connections.has(pool.poolId) ? pool.poolId : members.find((id) => {
        const lender = connections.get(id)?.values.borrowConcurrencyFrom;
        return typeof lender !== 'string' || lender === '';
      }) ?? members[0];
      return {
        poolId: pool.poolId,
        name: root === undefined ? pool.poolId : nameOf(root),
        ...(root === undefined ? {} : { rootConnectionId: root }),
        level: pool.level,
        inFlight: pool.inFlight,
        queued: pool.queued,
        connectionIds: members,
        members: members.map((id) => ({ id, name: nameOf(id) })),
      };
    });
  });
}
