import { connectionNameKey, type ConnectionSummary, type FormContext } from '../contracts';

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

/**
 * {@link nameClashes} for a form that checks on every keystroke: the name keys of the last account
 * seen are kept while its names stay the same (compared by content, in order), so a render compares
 * strings instead of normalising (and allocating) every name again.
 */
export class NameClashCheck {
  private names: readonly string[] = [];
  private keys: readonly string[] = [];

  clashes(name: string, context: FormContext): boolean {
    const connections = context.connections;
    if (!this.sameNames(connections)) {
      this.names = connections.map((connection) => connection.name);
      this.keys = this.names.map(connectionNameKey);
    }
    const wanted = connectionNameKey(name);
    for (let index = 0; index < connections.length; index += 1) {
      if (this.keys[index] === wanted && connections[index]!.id !== context.connectionId) return true;
    }
    return false;
  }

  private sameNames(connections: readonly ConnectionSummary[]): boolean {
    if (connections.length !== this.names.length) return false;
    for (let index = 0; index < connections.length; index += 1) if (connections[index]!.name !== this.names[index]) return false;
    return true;
  }
}
