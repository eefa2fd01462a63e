import { connectionNameKey, type FormContext } from '../contracts';

/**
 * People pick lenders and flow connections by name, so names are unique among the account's
 * connections (any app), compared by the contract's {@link connectionNameKey} (the host's unique
 * index uses the same rule); the connection being edited does not clash with itself.
 */
export function nameClashes(name: string, context: FormContext): boolean {
  const wanted = connectionNameKey(name);
  return context.connections.some(
    (connection) => connection.id !== context.connectionId && connectionNameKey(connection.name) === wanted,
  );
}
