/** Largest JSON body: connection values, flows and id lists are small. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest upload to the files API (NDJSON records for a flow). */
export const FILE_BODY_LIMIT = 50 * 1024 * 1024;
