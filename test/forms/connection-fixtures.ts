import type { ConnectionSummary } from '../../src/contracts';

/** A stored CartRover connection as the host's directory would describe it (no secret values). */
export function storedConnection(
  id: string,
  overrides: Partial<Omit<ConnectionSummary, 'values'>> & { apiUser?: string } = {},
): ConnectionSummary {
  const { apiUser = `user-${id}`, ...rest } = overrides;
  const name = rest.name ?? `Connection ${id}`;
  const borrowConcurrencyFrom = rest.borrowConcurrencyFrom ?? null;
  const concurrencyLevel = rest.concurrencyLevel ?? null;
  return {
    id,
    appId: 'cartrover',
    name,
    values: { name, apiUser, borrowConcurrencyFrom, concurrencyLevel },
    storedSecrets: ['apiKey'],
    borrowConcurrencyFrom,
    concurrencyLevel,
    offline: false,
    ...rest,
  };
}
