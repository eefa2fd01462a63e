import { BORROW_CONCURRENCY_FIELD, SECRET_MASK } from 'cartrover-connector/contracts';
import type { ConnectionFormContribution } from 'cartrover-connector/contracts';
import type { StoredConnection, StoredTestResult } from '../store/stored-records';

/** A connection as the REST API shows it: every secret masked, never its ciphertext. */
export interface ConnectionView {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  readonly borrowConcurrencyFrom: string | null;
  readonly offline: boolean;
  readonly lastTest?: StoredTestResult;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly [field: string]: unknown;
}

/** What the view reads of the app's form: which fields it has, which are secrets. */
export type ViewedForm = Pick<ConnectionFormContribution, 'schema' | 'secretFields'>;

/**
 * Spreads the values generically, so the host names no app's field: every property of the form's
 * schema is there (null when blank, e.g. a level left to the app's default), and each secret field
 * is "******" when stored, else null.
 */
export function connectionView(stored: StoredConnection, form: ViewedForm): ConnectionView {
  const properties = Object.keys((form.schema as { properties?: Record<string, unknown> }).properties ?? {});
  const blanks = Object.fromEntries(properties.filter((field) => stored.values[field] === undefined).map((field) => [field, null]));
  const secrets = Object.fromEntries([...new Set([...form.secretFields, ...Object.keys(stored.secrets)])].map((field) => [field, stored.secrets[field] !== undefined ? SECRET_MASK : null]));
  const lender = stored.values[BORROW_CONCURRENCY_FIELD];
  return {
    ...blanks,
    ...stored.values,
    ...secrets,
    id: stored.id,
    appId: stored.appId,
    name: stored.name,
    borrowConcurrencyFrom: typeof lender === 'string' && lender !== '' ? lender : null,
    offline: stored.offline,
    ...(stored.lastTest ? { lastTest: stored.lastTest } : {}),
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
