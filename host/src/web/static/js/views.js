/*
 * One view per concern (integrator.io's Resources menu): connections, integrations, flows, files
 * and pools each have their own, chosen by the URL's hash (`#flows`). The top bar's links change
 * the hash, so every view is a history entry: the browser's Back and Forward move between views,
 * and a view's address can be bookmarked or reloaded.
 */
import { pageTitle } from './state.js';

export const VIEWS = ['connections', 'integrations', 'flows', 'files', 'pools'];
export const DEFAULT_VIEW = 'connections';

/** The view a hash names (`#flows`, `#/flows`); anything else is the default view. */
export function viewOf(hash) {
  const name = String(hash || '').replace(/^#\/?/, '').toLowerCase();
  return VIEWS.includes(name) ? name : DEFAULT_VIEW;
}

function showView(name) {
  for (const section of document.querySelectorAll('section[data-view]')) section.hidden = section.dataset.view !== name;
  for (const link of document.querySelectorAll('[data-view-link]')) {
    if (link.dataset.viewLink === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  renderTitle();
  document.body.dataset.view = name;
}

/** The tab's title (the view's heading · the page's title) and the top bar's, from the apps the host serves. */
export function renderTitle() {
  const title = pageTitle();
  const heading = document.querySelector(`[data-view="${viewOf(window.location.hash)}"] h2`);
  document.title = heading ? `${heading.textContent} · ${title}` : title;
  const top = document.getElementById('page-title');
  if (top) top.textContent = title;
}

export function setUpViews() {
  window.addEventListener('hashchange', () => {
    showView(viewOf(window.location.hash));
    // A view starts at its top (the section named by the hash was hidden when the browser looked for it).
    window.scrollTo(0, 0);
  });
  showView(viewOf(window.location.hash));
}
