'use strict';
// Node-RED reads a node set's editor HTML from beside its JavaScript file: the build copies the
// HTML next to what tsc wrote to dist/.
const { copyFileSync } = require('node:fs');
const path = require('node:path');

copyFileSync(path.join(__dirname, 'src', 'cartrover.html'), path.join(__dirname, 'dist', 'cartrover.html'));
