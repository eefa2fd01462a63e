#!/usr/bin/env node
import 'reflect-metadata';
import { processIo } from './cli-io';
import { runCli } from './run-cli';

// A reader that stops early (`export … | head`) closes stdout: that is the user's choice, not an
// error, so the command ends quietly with 0.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** The `cartrover-connector` command (package.json `bin`). */
void runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 3;
  },
);
