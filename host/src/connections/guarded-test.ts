import type { ConnectionTestHandler, TestRequest, TestResult } from 'cartrover-connector/contracts';

/** Replaces every occurrence of a known secret, in case a plugin let one slip into a message. */
function scrub(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length >= 4).reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/**
 * Runs a plugin's test so that it always answers with a TestResult: a throwing handler becomes
 * `kind: "internal"`, and no message (nor a field's message) carries one of the secrets that were tested.
 */
export async function guardedTest(handler: ConnectionTestHandler, request: TestRequest, secrets: readonly string[], now: () => number): Promise<TestResult> {
  const started = now();
  let result: TestResult;
  try {
    result = await handler.test(request);
  } catch (error) {
    result = { ok: false, kind: 'internal', message: `The connection test failed unexpectedly: ${(error as Error).message}`, latencyMs: now() - started };
  }
  const errors = result.errors ? { errors: Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field, scrub(String(message), secrets)])) } : {};
  return { ...result, message: scrub(String(result.message ?? ''), secrets), ...errors };
}
