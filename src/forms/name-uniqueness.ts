import type { FormContext } from '../contracts';

/**
 * People pick lenders and flow connections by name, so names are unique among the account's
 * connections (any app), compared case-insensitively; the connection being edited does not clash
 * with itself.
 */
export function nameClashes(name: string, context: FormContext): boolean {
  const wanted = name.trim().toLocaleLowerCase();
  return context.connections.some(
    (connection) => connection.id !== context.connectionId && connection.name.trim().toLocaleLowerCase() === wanted,
  );
}
