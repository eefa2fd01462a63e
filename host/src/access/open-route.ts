/**
 * A route of the API that answers without a token (a load balancer's or a script's liveness
 * check). The API plugin's access hook reads this from the route the router chose, so only a
 * route that says so itself is open, however its path was spelled.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    openAccess?: true;
  }
}

export const OPEN_ROUTE = { config: { openAccess: true as const } };
