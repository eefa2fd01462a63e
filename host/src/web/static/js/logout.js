/*
 * "Log out": ends this browser's session on the host (every host of the data folder refuses the
 * cookie from then on) and shows the login page.
 */
import { api } from './api.js';

export function setUpLogout() {
  const button = document.getElementById('logout');
  if (!button) return;
  button.addEventListener('click', async () => {
    button.disabled = true;
    await api('POST', '/api/logout');
    window.location.assign('/');
  });
}
