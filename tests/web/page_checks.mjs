// The checks every page of the browser journeys must pass (journey.test.mjs for the person's
// app, clinic_journey.test.mjs for the clinician's pages), then a screenshot: every visible
// control labelled, an h1, nothing wider than the screen, and axe-core (WCAG 2.1 A and AA)
// with no violations.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Checks `page` and saves its screenshot as ARTIFACTS/SIZE/NAME.png.
export async function checkAndSnap(page, name, size, artifacts) {
  const problems = await page.evaluate(() => {
    const found = [];
    for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
      if (control.closest('[hidden]')) continue;
      const named = control.tagName === 'BUTTON' ? control.textContent.trim() : control.labels && control.labels.length;
      if (!named && !control.getAttribute('aria-label')) found.push('unlabelled ' + control.outerHTML.slice(0, 80));
    }
    if (!document.querySelector('h1')) found.push('no h1');
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      found.push('page wider than the screen: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
    }
    return found;
  });
  assert.deepEqual(problems, [], name + ' at ' + size);
  await page.evaluate(axeSource + ';0');
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  });
  assert.deepEqual(violations, [], 'axe-core on ' + name + ' at ' + size);
  mkdirSync(path.join(artifacts, size), { recursive: true });
  await page.screenshot({ path: path.join(artifacts, size, name + '.png'), fullPage: true });
}
