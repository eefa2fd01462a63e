/** A person's pointer, not playwright's instant click: press, hold ~120 ms, release. */
import type { Locator, Page } from 'playwright-core';

export const HUMAN_PRESS_MS = 120;

/**
 * Presses the middle of `target` as a person does and reports how far it moved between the press
 * and the release (a moving target loses the click: press and release land on different things).
 */
export async function pressLikeAPerson(page: Page, target: Locator): Promise<{ movedBy: number }> {
  await target.waitFor({ state: 'visible' });
  let box = await target.boundingBox();
  // A list re-rendered just then leaves the old element detached for a moment: measure again.
  for (let tries = 0; !box && tries < 5; tries += 1) box = await target.boundingBox();
  if (!box) throw new Error('the target is not laid out');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y, { steps: 5 });
  await page.mouse.down();
  await page.waitForTimeout(HUMAN_PRESS_MS);
  const after = await target.boundingBox();
  await page.mouse.up();
  if (!after) return { movedBy: Number.POSITIVE_INFINITY };
  return { movedBy: Math.max(Math.abs(after.x - box.x), Math.abs(after.y - box.y)) };
}
