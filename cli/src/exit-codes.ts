/** The CLI's exit codes (documented in src/host/README.md). */
export const EXIT = {
  ok: 0,
  /** A failed connection test, or some records failed. */
  failed: 1,
  /** Bad usage or configuration: nothing was attempted. */
  usage: 2,
  /** Something broke while running. */
  runtime: 3,
} as const;
