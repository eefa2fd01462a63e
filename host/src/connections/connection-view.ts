import { BORROW_CONCURRENCY_FIELD, CONCURRENCY_LEVEL_FIELD, SECRET_MASK } from 'cartrover-connector/contracts';
import type { StoredConnection, StoredTestResult } from '../store/stored-records';

/** A connection as the REST API shows it: every secret masked, never its ciphertext. */
export interface ConnectionView {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  readonly borrowConcurrencyFrom: string | null;
  readonly concurrencyLevel: number | null;
  readonly offline: boolean;
  readonly lastTest?: StoredTestResult;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly [field: string]: unknown;
}

/** Spreads the public values generically; each secret field is "******" when stored, else null. */
export function connectionView(stored: StoredConnection, secretFields: readonly string[]): ConnectionView {
  const secrets = Object.fromEntries([...new Set([...secretFields, ...Object.keys(stored.secrets)])].map((field) => [field, stored.secrets[field] !== undefined ? SECRET_MASK : null]));
  const lender = stored.values[BORROW_CONCURRENCY_FIELD];
  const level = stored.values[CONCURRENCY_LEVEL_FIELD];
  return {
    ...stored.values,
    ...secrets,
    id: stored.id,
    appId: stored.appId,
    name: stored.name,
    borrowConcurrencyFrom: typeof lender === 'string' && lender !== '' ? lender : null,
    concurrencyLevel: typeof level === 'number' ? level : null,
    offline: stored.offline,
    ...(stored.lastTest ? { lastTest: stored.lastTest } : {}),
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
