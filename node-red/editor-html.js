'use strict';
/**
 * The editor HTML as Node-RED reads it: src/cartrover.html with its `{{<field>.<keyword>}}`
 * placeholders (`{{concurrencyLevel.maximum}}`) filled from the connection form's schema, so the
 * help text says what the form checks (the schema owns the level's bounds and default; the HTML
 * spells none). A placeholder the schema has no number for fails the build, naming it.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\.(minimum|maximum|default)\s*\}\}/g;

function renderEditorHtml(template, schema) {
  const html = template.replace(PLACEHOLDER, (placeholder, field, keyword) => {
    const property = schema && schema.properties ? schema.properties[field] : undefined;
    const value = property ? property[keyword] : undefined;
    if (typeof value !== 'number') throw new Error(`cartrover.html: ${placeholder} has no number in the connection schema (properties.${field}.${keyword})`);
    return String(value);
  });
  const left = /\{\{[^}]*\}\}/.exec(html);
  if (left) throw new Error(`cartrover.html: ${left[0]} is not a placeholder of the connection schema ({{<field>.minimum|maximum|default}})`);
  return html;
}

module.exports = { renderEditorHtml };
