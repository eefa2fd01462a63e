/*
 * Nothing may move or be replaced under a pressed pointer (issue 24): a click is a press and a
 * release on the same element, so a list re-rendered by the status tick, or an error line that
 * pushes a button down, between the two loses the click. Work that changes the layout runs through
 * `whenPointerFree`: at once when no pointer is held, else right after the release (once the click
 * has been delivered).
 */
let held = false;
const waiting = new Map();

function release() {
  held = false;
  if (waiting.size === 0) return;
  const jobs = [...waiting.values()];
  waiting.clear();
  setTimeout(() => {
    for (const job of jobs) job();
  }, 0);
}

document.addEventListener('pointerdown', () => {
  held = true;
}, true);
document.addEventListener('pointerup', release, true);
document.addEventListener('pointercancel', release, true);

/** Runs `job` now, or after the pointer is released; a job waiting under the same key runs once. */
export function whenPointerFree(key, job) {
  if (!held) {
    job();
    return;
  }
  waiting.set(key, job);
}
