import { connectionNameKey } from 'cartrover-connector/contracts';

/** The form of a connection name the unique index compares: the contract's one rule, shared with the form. */
export function nameKeyOf(name: string): string {
  return connectionNameKey(name);
}
