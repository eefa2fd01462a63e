/** Largest JSON body: connection values, flows and id lists are small. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest upload to the files API (NDJSON records for a flow). */
export const FILE_BODY_LIMIT = 50 * 1024 * 1024;

/**
 * How long a client may take (issue 19.4: a body sent a byte every 5 s held a connection 200 s):
 * the headers within 10 s, the whole request within 30 s, an idle keep-alive connection 5 s. The
 * idle limit (no byte either way) is longer than CartRover's 30 s request timeout, so a connection
 * test that waits for CartRover still gets its answer.
 */
export interface HttpTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly idleMs: number;
  readonly keepAliveMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 65_000, keepAliveMs: 5_000 };
