'use strict';
// Node-RED reads a node set's editor HTML from beside its JavaScript file: the build writes the
// HTML next to what tsc wrote to dist/, its help filled from the connection form's schema.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const schema = require('cartrover-connector/schemas/cartrover-connection.schema.json');
const { renderEditorHtml } = require('./editor-html');

const template = readFileSync(path.join(__dirname, 'src', 'cartrover.html'), 'utf8');
writeFileSync(path.join(__dirname, 'dist', 'cartrover.html'), renderEditorHtml(template, schema));
