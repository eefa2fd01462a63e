/**
 * Connections as the host stores them. The form's field ids are the value keys. Two ids are
 * platform concepts the host itself understands (as integrator.io does): `name`, and
 * `borrowConcurrencyFrom` (the id of the connection whose concurrency pool this one shares).
 * Every other field is the app's: a host learns its meaning from the form (its schema, and
 * `secretFields` for the secrets), never from this contract.
 */
export const CONNECTION_NAME_FIELD = 'name';
export const BORROW_CONCURRENCY_FIELD = 'borrowConcurrencyFrom';
/**
 * What a stored secret is shown as (a rendered field's value, a host's view of a connection). Shown
 * only, never a value: an omitted secret means "keep the stored one", and a form reads no mask back.
 */
export const SECRET_MASK = '******';

/** Form values as entered or stored (secrets in clear only transiently, never persisted so). */
export type ConnectionValues = Record<string, unknown>;

/** What any part may know of a connection: no secret, not even encrypted. */
export interface ConnectionSummary {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  /** Non-secret values (secrets are absent). */
  readonly values: ConnectionValues;
  /** Ids of the secret fields that have a stored value. */
  readonly storedSecrets: readonly string[];
  readonly borrowConcurrencyFrom: string | null;
  readonly offline: boolean;
}

/** Host service: the stored connections, read by plugins at request time. */
export interface ConnectionDirectory {
  get(id: string): Promise<ConnectionSummary | undefined>;
  list(appId?: string): Promise<readonly ConnectionSummary[]>;
  /**
   * Decrypts one secret of a stored connection. Call it while building a request and drop the
   * result right after; never keep, log or return it.
   */
  readSecret(connectionId: string, field: string): Promise<string | undefined>;
}
