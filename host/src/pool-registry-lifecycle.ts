import { TOKENS } from 'cartrover-connector/contracts';
import type { PoolRegistry } from 'cartrover-connector/contracts';
import type { Container } from 'inversify';

/**
 * Start-up and shutdown of the plugins' pool registry where it has them (a Redis-backed one
 * connects, and must give back its permits on exit); an in-process registry has neither.
 */
function registryOf(container: Container): PoolRegistry | undefined {
  return container.isBound(TOKENS.PoolRegistry) ? container.get<PoolRegistry>(TOKENS.PoolRegistry) : undefined;
}

/** Rejects with the registry's own error (e.g. "Cannot reach Redis at ...") when it cannot start. */
export async function poolRegistryReady(container: Container): Promise<void> {
  await registryOf(container)?.whenReady?.();
}

export async function closePoolRegistry(container: Container): Promise<void> {
  await registryOf(container)?.close?.();
}
