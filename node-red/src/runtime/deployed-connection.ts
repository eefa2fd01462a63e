/** A `cartrover-connection` config node as deployed: its properties and credentials. */
export interface DeployedConnection {
  readonly nodeId: string;
  readonly name: string;
  readonly apiUser: string;
  /** In clear, runtime side only (Node-RED keeps it encrypted in flows_cred.json). */
  readonly apiKey: string | undefined;
  /** The node id of the connection it borrows concurrency from, if any. */
  readonly lenderNodeId: string | undefined;
  /** The level entered, or null for the default. */
  readonly concurrencyLevel: number | null;
}

/** A level property as the editor stores it (a string; blank for the default). */
export function levelOf(raw: unknown): number | null {
  if (raw === undefined || raw === null || String(raw).trim() === '') return null;
  const level = Number(raw);
  return Number.isFinite(level) ? level : null;
}
