/** The CLI's exit codes (each command's --help lists them). */
export const EXIT = {
  ok: 0,
  /** A failed connection test, or some records failed. */
  failed: 1,
  /** Bad usage or configuration: nothing was attempted. */
  usage: 2,
  /** Something broke while running. */
  runtime: 3,
} as const;
