import type { ConnectionSummary } from '../../src/contracts';

/** A stored CartRover connection as the host's directory would describe it (no secret values). */
export function storedConnection(
  id: string,
  overrides: Partial<Omit<ConnectionSummary, 'values'>> & { apiUser?: string; concurrencyLevel?: number | null } = {},
): ConnectionSummary {
  const { apiUser = `user-${id}`, concurrencyLevel = null, ...rest } = overrides;
  const name = rest.name ?? `Connection ${id}`;
  const borrowConcurrencyFrom = rest.borrowConcurrencyFrom ?? null;
  return {
    id,
    appId: 'cartrover',
    name,
    values: { name, apiUser, borrowConcurrencyFrom, concurrencyLevel },
    storedSecrets: ['apiKey'],
    borrowConcurrencyFrom,
    offline: false,
    ...rest,
  };
}
