import type { ConnectionSummary } from '../../../src/contracts';

/** A stored CartRover connection for adapter tests (names are "Name of <id>" unless given). */
export function cartroverConnection(
  id: string,
  options: { borrow?: string | null; level?: number | null; name?: string; offline?: boolean; appId?: string } = {},
): ConnectionSummary {
  return {
    id,
    appId: options.appId ?? 'cartrover',
    name: options.name ?? id.toUpperCase(),
    values: { apiUser: `${id}-user`, ...(options.level == null ? {} : { concurrencyLevel: options.level }) },
    storedSecrets: ['apiKey'],
    borrowConcurrencyFrom: options.borrow ?? null,
    offline: options.offline ?? false,
  };
}
