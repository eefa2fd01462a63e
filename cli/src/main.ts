#!/usr/bin/env node
import 'reflect-metadata';
import { processIo } from './cli-io';
import { runCli } from './run-cli';

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
