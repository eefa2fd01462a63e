import type { ConnectionSummary, LenderChain } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';

/**
 * The connections whose pool a connection's requests depend on: itself and its lenders up to the
 * root, as its app's plugin answers (`ConnectionLifecycle.lenderChain`, the plugin's one owner of
 * lender chains; the host never walks them). A cycle in storage counts all of its members. An app
 * not loaded, or a plugin older than contract 1.2.0, lends nothing: the connection alone.
 */
export function poolDependencies(catalog: AppCatalog, connection: ConnectionSummary, connections: readonly ConnectionSummary[]): string[] {
  const chain = lenderChainOf(catalog, connection, connections);
  return 'cycle' in chain ? [...new Set([connection.id, ...chain.cycle])] : [...chain.connectionIds];
}

function lenderChainOf(catalog: AppCatalog, connection: ConnectionSummary, connections: readonly ConnectionSummary[]): LenderChain {
  const lifecycle = catalog.connectableApp(connection.appId)?.contribution.lifecycle;
  const sameApp = connections.filter((candidate) => candidate.appId === connection.appId);
  return lifecycle?.lenderChain?.(connection.id, sameApp) ?? { connectionIds: [connection.id] };
}
