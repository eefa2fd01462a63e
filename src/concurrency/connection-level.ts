import type { ConnectionSummary } from '../contracts';
import { CONCURRENCY_LEVEL_FIELD } from './concurrency-form-fields';

/**
 * The level a connection declares for its pool, read from its values by one rule: a finite number,
 * else null (the form schema's default applies); a borrower has none of its own (its root lender's
 * pool governs).
 */
export function connectionLevelOf(connection: ConnectionSummary): number | null {
  const level = connection.values[CONCURRENCY_LEVEL_FIELD];
  return connection.borrowConcurrencyFrom === null && typeof level === 'number' && Number.isFinite(level) ? level : null;
}
