import type { CartRoverClient } from '../../cartrover';
import type { ConnectionClientFactory } from '../../connection/connection-client-factory';

/**
 * The CartRover client of a flow step's connection. Every request it makes holds a permit of the
 * connection's pool (the factory installs the pool hook), so operations add no limiter of their own.
 */
export function clientForStep(factory: ConnectionClientFactory, context: { readonly connectionId?: string }): CartRoverClient {
  if (context.connectionId === undefined || context.connectionId === '') {
    throw new Error('A CartRover step needs a connection: choose one for the step.');
  }
  return factory.forConnection(context.connectionId);
}
