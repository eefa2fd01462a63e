/** cust_ref as CartRover keys orders: trimmed text (a number is accepted and sent as text). */
export function readCustRef(raw: unknown): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  return undefined;
}

/** The cust_ref of a record of any shape, for results about records that could not be read. */
export function custRefOfRecord(record: unknown): string | undefined {
  return typeof record === 'object' && record !== null ? readCustRef((record as Record<string, unknown>).cust_ref) : undefined;
}
