import { HostError } from '../errors/host-error';

/**
 * The version a write was based on, from `If-Match` (the ETag of a GET, `"<version>"`, or `*`)
 * or a `version` body field; undefined when the caller sent neither (last writer wins, but
 * serialised and re-validated). Both given and different is a 400; an ETag this host never
 * issues cannot match anything, so it is a 412 like any stale one.
 */
export function expectedVersion(ifMatch: string | string[] | undefined, bodyVersion: unknown): number | undefined {
  const header = Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch;
  let fromHeader: number | undefined;
  if (header !== undefined && header.trim() !== '' && header.trim() !== '*') {
    const tag = header.split(',')[0]!.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
    // -1 never matches a stored version (they start at 1): a stale-or-foreign tag answers 412.
    fromHeader = /^[1-9][0-9]{0,14}$/.test(tag) ? Number(tag) : -1;
  }
  if (bodyVersion !== undefined && bodyVersion !== null && (typeof bodyVersion !== 'number' || !Number.isSafeInteger(bodyVersion))) {
    throw new HostError(422, 'validation_failed', 'version must be an integer', { errors: { version: 'must be an integer' } });
  }
  const fromBody = typeof bodyVersion === 'number' ? bodyVersion : undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new HostError(400, 'bad_request', `If-Match (${header}) and the body's version (${fromBody}) disagree; send one of them`);
  }
  return fromHeader ?? fromBody;
}

/** The ETag of a stored object's version. */
export function etagOf(version: number | undefined): string {
  return `"${version ?? 1}"`;
}
