/**
 * Polls `check` every `intervalMs` (bounded) until it holds; answers how long that took, in ms.
 * A check that asks other processes over HTTP polls less often, so the polling does not load them.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, intervalMs = 5): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
}
