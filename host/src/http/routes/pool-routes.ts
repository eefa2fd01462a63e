import type { FastifyInstance } from 'fastify';
import { BORROW_CONCURRENCY_FIELD } from 'cartrover-connector/contracts';
import type { ApiServices } from '../api-services';

/**
 * The concurrency pools, named after their root connection (the one that borrows from no one)
 * with their members by name: what a person needs to see who shares whose limit. A pool whose
 * app's last lifecycle sync failed is `degraded` (with the reason): its members or level may not
 * match the stored connections.
 */
export function registerPoolRoutes(app: FastifyInstance, services: ApiServices): void {
  app.get('/pools', async () => {
    const connections = new Map(services.store.connections.list().map((connection) => [connection.id, connection]));
    const nameOf = (id: string): string => connections.get(id)?.name ?? id;
    const degradation = (members: readonly string[]): { degraded: boolean; reason?: string } => {
      const appIds = new Set(members.map((id) => connections.get(id)?.appId).filter((appId) => appId !== undefined));
      const reasons = [...appIds].map((appId) => services.connections.poolHealth.reasonFor(appId)).filter((reason) => reason !== undefined);
      return reasons.length > 0 ? { degraded: true, reason: reasons.join('; ') } : { degraded: false };
    };
    return (await services.poolStats()).map((pool) => {
      const members = [...pool.connectionIds];
      // A pool is keyed by its root connection's id; otherwise the member that borrows from no one.
      const root = connections.has(pool.poolId) ? pool.poolId : members.find((id) => {
        const lender = connections.get(id)?.values[BORROW_CONCURRENCY_FIELD];
        return typeof lender !== 'string' || lender === '';
      }) ?? members[0];
      return {
        poolId: pool.poolId,
        name: root === undefined ? pool.poolId : nameOf(root),
        ...(root === undefined ? {} : { rootConnectionId: root }),
        // The level in effect; on Redis the lowest declared by a live participant, and this host's own
        // declaration beside it when another participant's lower one is in effect.
        level: pool.level,
        ...(pool.declaredLevel === undefined ? {} : { declaredLevel: pool.declaredLevel }),
        inFlight: pool.inFlight,
        queued: pool.queued,
        connectionIds: members,
        members: members.map((id) => ({ id, name: nameOf(id) })),
        ...degradation(members),
      };
    });
  });
}
