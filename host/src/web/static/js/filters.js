/*
 * A filter box above each list. An item (a table row, an integration's card) carries its words in
 * `data-filter`; those that do not hold every word typed are hidden, case and accents aside. Rows
 * without `data-filter` (a row's message, a flow's history) follow the row above them. The lists
 * re-render by themselves (the status tick), so the filter is applied again whenever a list's
 * items change.
 */
import { $ } from './dom.js';

const LISTS = [
  { view: 'connections', list: 'connections-body', noun: 'connections' },
  { view: 'integrations', list: 'integrations-list', noun: 'integrations' },
  { view: 'flows', list: 'flows-body', noun: 'flows' },
  { view: 'files', list: 'files-body', noun: 'files' },
  { view: 'pools', list: 'pools-body', noun: 'pools' },
];

function folded(text) {
  return String(text).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function applyFilter({ view, list, noun }) {
  const input = $(`filter-${view}`);
  const noMatch = $(`${view}-no-match`);
  const typed = input.value.trim();
  const words = folded(typed).split(/\s+/).filter(Boolean);
  let total = 0;
  let shown = 0;
  let rowShown = true;
  for (const item of $(list).children) {
    if (item.dataset.filter === undefined) {
      item.hidden = !rowShown;
      continue;
    }
    total += 1;
    const text = folded(item.dataset.filter);
    rowShown = words.every((word) => text.includes(word));
    item.hidden = !rowShown;
    if (rowShown) shown += 1;
  }
  const none = words.length > 0 && total > 0 && shown === 0;
  noMatch.hidden = !none;
  noMatch.textContent = none ? `No ${noun} match “${typed}”. Clear the filter to see all ${total}.` : '';
  input.dataset.shown = String(shown);
}

export function setUpFilters() {
  for (const entry of LISTS) {
    $(`filter-${entry.view}`).addEventListener('input', () => applyFilter(entry));
    new window.MutationObserver(() => applyFilter(entry)).observe($(entry.list), { childList: true });
  }
}
