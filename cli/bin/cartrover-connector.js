#!/usr/bin/env node
'use strict';
// The `cartrover-connector` bin. It is committed (not built) so that `npm ci` on a clean clone
// links it into node_modules/.bin even before `npm run build` has made dist/main.js; npm skips
// the link of a bin whose file does not exist at install time.
const { existsSync } = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(built)) {
  process.stderr.write(
    'cartrover-connector is not built yet: run `npm run build` in the repository root ' +
      `(the command loads ${path.relative(process.cwd(), built) || built}), then try again.\n`,
  );
  process.exitCode = 2; // a configuration error, as the CLI's own exit codes say
} else {
  require(built);
}
