// The web app in a real browser, as a new user meets it: Playwright (playwright-core)
// driving Debian's chromium against `unknot serve` on a fresh data directory.
// Journeys: intake in steps (with a mistake) -> plan -> Today; a guided session at a fast
// clock, saved to the diary; the ten-second check-in; the progress chart and the report (also
// as a PDF from the terminal); an emergency answer -> the emergency page. Every page is
// screenshotted at desktop, phone and dark into test-artifacts/web/ (not committed), and
// every page is checked with axe-core (WCAG 2.1 AA, 0 violations) and for CSP violations,
// unlabelled controls and horizontal overflow, also on a 320 px phone. Beyond loopback
// (--bind 0.0.0.0): HTTPS with unknot's own certificate and its fingerprint, a phone pairing
// over it, and plain HTTP only with --insecure-http.
// Usage: UNKNOT_BINARY=build/release/unknot node --test journey.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { checkAndSnap } from './page_checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.UNKNOT_BINARY || path.join(root, 'build/release/unknot');
const artifacts = path.join(root, 'test-artifacts/web');
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};
// The narrowest phone still in use, and dark mode: pages visited again at these.
const small = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const dark = { ...sizes.phone, colorScheme: 'dark' };
// axe-core, run in the page through the DevTools protocol (which the page's CSP does not govern).

let dataDir;
let server;
let base;
let browser;
const cspViolations = [];

// Starts `unknot serve --port 0` on `directory` and resolves with the child and the address
// it prints.
function serveDirectory(directory) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--data-dir', directory, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error('unknot serve printed no address: ' + output)), 30000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/running at (http:\/\/[^\s]+)/);
      if (found) {
        clearTimeout(timer);
        resolve({ child, address: found[1].replace(/\/$/, '') });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error('unknot serve exited with ' + code + ': ' + output)));
  });
}

// The journey's own server, on the shared data directory.
async function startServer() {
  const started = await serveDirectory(dataDir);
  server = started.child;
  return started.address;
}

async function newPage(size) {
  const options = size === 'small' ? small : size === 'dark' ? dark : sizes[size];
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push('script error: ' + error.message));
  return page;
}

// Screenshot plus the checks every page must pass.
function snap(page, name, size) {
  return checkAndSnap(page, name, size, artifacts);
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'unknot-web-'));
  base = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('an emergency answer goes straight to the emergency page and saves nothing', async () => {
  for (const size of Object.keys(sizes)) {
    const page = await newPage(size);
    await page.goto(base + '/');
    await snap(page, '01-welcome', size);
    await page.goto(base + '/start');
    await snap(page, '02-intake-safety', size);
    await page.getByLabel('Chest pain, pressure, squeezing or tightness').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Call for emergency help now' }).waitFor();
    assert.match(await page.textContent('main'), /Call your local emergency number now/);
    await snap(page, '03-emergency', size);
    await page.context().close();
  }
  const plan = await fetch(base + '/plan').then((response) => response.text());
  assert.match(plan, /No plan yet/);
});

test('the intake leads to a plan', async () => {
  for (const size of Object.keys(sizes)) {
    const page = await newPage(size);
    await page.goto(base + '/');
    // The first time from the welcome page; then (the intake saved, home is Today) again.
    const welcome = page.getByRole('link', { name: 'Start: a few questions' });
    if (await welcome.count()) {
      await snap(page, '01-welcome', size);
      await welcome.click();
    } else {
      await page.goto(base + '/start');
    }
    await page.getByText('Step 1 of 5').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Step 2 of 5').waitFor();
    await snap(page, '04a-intake-step2', size);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Step 3 of 5').waitFor();
    // A mistake first: every problem at once, in words, beside its field, answers kept.
    await page.getByLabel('How old are you?').fill('3x');
    await page.getByLabel('Between the shoulder blades').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Please check 3 answers' }).waitFor();
    const errors = await page.textContent('#form-errors');
    assert.match(errors, /How old are you\?: Please give a whole number/);
    assert.doesNotMatch(errors, /pain_now|pain\.now|nprs|weeks_since_onset/);
    assert.equal(await page.getByLabel('How old are you?').inputValue(), '3x');
    assert.ok(await page.getByLabel('Between the shoulder blades').isChecked());
    await snap(page, '04b-intake-errors', size);
    await page.getByLabel('How old are you?').fill('34');
    await page.locator('fieldset', { hasText: 'How bad is the pain right now?' }).getByText('5', { exact: true }).click();
    await page.getByLabel('How many weeks ago did it start?').fill('6');
    await page.getByLabel('Gradually').check();
    await snap(page, '04c-intake-step3', size);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Step 4 of 5').waitFor();
    await snap(page, '04d-intake-step4', size);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Step 5 of 5').waitFor();
    await page.getByLabel('Foam roller').check();
    await page.getByLabel('Resistance band').check();
    await page.getByLabel('Desk or computer work').check();
    // No step is much taller than a screen and a half.
    if (size === 'desktop') {
      assert.ok(await page.evaluate(() => document.documentElement.scrollHeight) < 800 * 1.6, 'step 5 height');
    }
    await snap(page, '04-intake-details', size);
    await page.getByRole('button', { name: 'Make my plan' }).click();
    await page.waitForURL(base + '/plan');
    await page.getByRole('heading', { name: 'Your plan', level: 1 }).waitFor();
    assert.match(await page.textContent('main'), /Stop if pain passes 5\/10/);
    await snap(page, '05-plan', size);
    // Home is now Today: the session to start, the check-in, the week, the trend, safety.
    await page.goto(base + '/');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    for (const heading of ['Check-in', 'This week', 'Safety', 'Next review']) {
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
    }
    await snap(page, '01-home', size);
    await page.goto(base + '/techniques');
    await snap(page, '06-techniques', size);
    await page.locator('.card a').first().click();
    await page.locator('article.technique').waitFor();
    // One large moving picture (at least 320 px wide on a desktop, the full width on a phone),
    // then the two positions small.
    const moving = page.locator('article.technique .move img');
    assert.equal(await moving.count(), 1);
    const width = (await moving.boundingBox()).width;
    const screen = page.viewportSize().width;
    assert.ok(size === 'desktop' ? width >= 320 : width >= screen - 2 * 16 - 2, 'picture width ' + width);
    const pictures = page.locator('article.technique .stills img');
    assert.equal(await pictures.count(), 2);
    for (const picture of await pictures.all()) {
      await picture.scrollIntoViewIfNeeded();
      await page.waitForFunction((element) => element.complete && element.naturalWidth > 0, await picture.elementHandle());
    }
    await snap(page, '07-technique', size);
    await page.goto(base + '/learn');
    await snap(page, '07b-learn', size);
    await page.locator('.topics a').first().click();
    await snap(page, '07c-topic', size);
    await page.context().close();
  }
});

test('a guided session runs at a fast clock and is saved to the diary', async () => {
  for (const size of Object.keys(sizes)) {
    const page = await newPage(size);
    await page.goto(base + '/session?speed=400');
    // The short safety re-check comes first; nothing ticked opens the player.
    await page.getByText('Before you start, a quick safety check.').waitFor();
    await snap(page, '08a-session-check', size);
    await page.getByRole('button', { name: 'Continue' }).click();
    const player = page.locator('#player');
    await player.waitFor({ state: 'visible' });
    // The keyboard is on the start button.
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'pause');
    await snap(page, '08-session-ready', size);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => Number(document.getElementById('player').dataset.step) >= 1);
    await page.getByRole('button', { name: 'Pause' }).click();
    assert.equal(await player.getAttribute('data-state'), 'paused');
    await snap(page, '09-session-running', size);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('#finish').waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('#finish').getByText('3', { exact: true }).click();
    await snap(page, '10-session-finish', size);
    await page.getByRole('button', { name: 'Save to my diary' }).click();
    await page.getByText('Saved to your diary.').waitFor();
    await page.context().close();
  }
  const diary = await fetch(base + '/export/diary.jsonl').then((response) => response.text());
  const sessions = diary.trim().split('\n').map((line) => JSON.parse(line)).filter((entry) => entry.type === 'session');
  assert.equal(sessions.length, 2);
  assert.equal(sessions[0].pain_during, 3);
  assert.equal(sessions[0].completed, true);
  assert.ok(sessions[0].items.length >= 1);
});

test('a warning sign before a session stops it and is kept in the diary', async () => {
  // A diary of its own: a warning sign logged today puts the whole plan on hold (see a
  // professional first), which the tests after this one must not inherit.
  const ownDir = mkdtempSync(path.join(tmpdir(), 'unknot-web-sign-'));
  const intake = spawnSync(binary, ['--data-dir', ownDir, 'start', '--intake', path.join(root, 'tests/data/desk_worker.json')],
    { encoding: 'utf8' });
  assert.equal(intake.status, 0, intake.stderr);
  const { child, address } = await serveDirectory(ownDir);
  try {
    await warningSignStopsTheSession(address);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(ownDir, { recursive: true, force: true });
  }
});

async function warningSignStopsTheSession(base) {
  const page = await newPage('desktop');
  await page.goto(base + '/session');
  await page.getByLabel('Short of breath').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('No session today').waitFor();
  assert.equal(await page.locator('#player').count(), 0);
  await snap(page, '08b-session-stopped', 'desktop');
  await page.context().close();
  const diary = await fetch(base + '/export/diary.jsonl').then((response) => response.text());
  assert.ok(diary.includes('"symptom":"shortness_of_breath"'));
}

test('the player counts reps by hand, skips and goes back, also by keyboard', async () => {
  const plan = await fetch(base + '/api/plan').then((response) => response.json());
  const sessions = plan.phases.flatMap((phase) => phase.sessions);
  const strength = sessions.find((session) => session.items.some((item) => item.dose.reps));
  assert.ok(strength, 'a session with repetitions');
  const page = await newPage('desktop');
  // The player opens only through the safety check (a pass from the server, not ?checked=1).
  await page.goto(base + '/session/' + strength.id + '?checked=1');
  assert.equal(await page.locator('#player').count(), 0, 'no player without the check');
  await page.click('#start-session');
  const player = page.locator('#player');
  await player.waitFor({ state: 'visible' });
  // The keys: Space starts, the right arrow skips to the first repetitions step.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press(' ');
  assert.equal(await player.getAttribute('data-state'), 'running');
  for (let i = 0; i < 60 && (await player.getAttribute('data-kind')) !== 'reps'; i += 1) {
    await page.keyboard.press('ArrowRight');
  }
  assert.equal(await player.getAttribute('data-kind'), 'reps');
  const step = Number(await player.getAttribute('data-step'));
  const before = Number(await page.locator('#rep-count').textContent());
  await page.getByRole('button', { name: 'Count a rep' }).click();
  assert.equal(Number(await page.locator('#rep-count').textContent()), before + 1);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  assert.ok(Number(await player.getAttribute('data-step')) < step);
  await page.context().close();
});

test('the daily check-in takes ten seconds: pain, one yes/no, save; by keyboard alone', async () => {
  const page = await newPage('desktop');
  await page.goto(base + '/checkin');
  await snap(page, '11-checkin', 'desktop');
  // Morning pain first: focus the scale, choose 4 with the arrow keys.
  await page.locator('#f-nprs-0').focus();
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('input[name="nprs"]:checked').getAttribute('value'), '4');
  // The warning signs stay folded away until "Yes".
  assert.equal(await page.getByLabel('Short of breath').first().isVisible(), false);
  let stops = 1;
  await page.keyboard.press('Tab');
  stops += 1;
  assert.equal(await page.evaluate(() => document.activeElement.name), 'worry');
  await page.keyboard.press('Space');  // the first answer, "No"
  assert.equal(await page.locator('input[name="worry"]:checked').getAttribute('value'), 'no');
  // Yesterday's triggers: open the toggles, turn one on.
  await page.keyboard.press('Tab');
  stops += 1;
  await page.keyboard.press('Enter');
  await page.getByLabel('Desk or computer work').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Anything else worth noting?').fill('A ' + 'verylongwordwithoutanyspaces'.repeat(12) + ' note');
  while (await page.evaluate(() => document.activeElement.textContent.trim()) !== 'Save check-in' && stops < 40) {
    await page.keyboard.press('Tab');
    stops += 1;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/diary\?saved=3$/);
  assert.match(await page.textContent('main'), /Saved 3 diary entries/);
  assert.match(await page.textContent('main'), /4\/10, morning/);
  await snap(page, '12-diary', 'desktop');
  await page.context().close();
  // "Yes" opens the warning signs.
  const worried = await newPage('desktop');
  await worried.goto(base + '/checkin');
  await worried.getByText('Yes', { exact: true }).click();
  assert.ok(await worried.getByLabel('Short of breath').first().isVisible());
  await worried.context().close();
  for (const size of ['phone', 'small', 'dark']) {
    const phone = await newPage(size);
    await phone.goto(base + '/checkin');
    await snap(phone, '11-checkin', size);
    await phone.goto(base + '/diary');  // a note with a very long word: no sideways scrolling
    await snap(phone, '12-diary', size);
    await phone.context().close();
  }
});

test('an ordinary check-in needs at most 10 Tab stops from the pain scale to save', async () => {
  const page = await newPage('desktop');
  await page.goto(base + '/checkin');
  await page.locator('#f-nprs-0').focus();
  await page.keyboard.press('ArrowRight');
  let tabs = 0;
  while (await page.evaluate(() => document.activeElement.textContent.trim()) !== 'Save check-in' && tabs < 40) {
    await page.keyboard.press('Tab');
    tabs += 1;
    if (await page.evaluate(() => document.activeElement.name === 'worry')) await page.keyboard.press('Space');
  }
  assert.ok(tabs + 1 <= 10, 'Tab stops: ' + (tabs + 1));
  await page.context().close();
});

test('progress shows the pain chart from four weeks of readings', async () => {
  const { csrf_token: token } = await fetch(base + '/api/csrf').then((response) => response.json());
  const today = new Date();
  const firstReading = new Date(today.getTime() - 28 * 86400000).toISOString().slice(0, 10) + 'T07:30:00';
  for (let day = 28; day >= 1; day -= 1) {
    const when = new Date(today.getTime() - day * 86400000);
    const at = when.toISOString().slice(0, 10) + 'T07:30:00';
    const response = await fetch(base + '/api/diary', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify({ at, type: 'pain', nprs: 7 - Math.floor((28 - day) / 7), context: 'morning' }),
    });
    assert.equal(response.status, 201, await response.text());
  }
  const refused = await fetch(base + '/api/diary', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"note","text":"x"}',
  });
  assert.equal(refused.status, 403);
  for (const size of Object.keys(sizes)) {
    const page = await newPage(size);
    await page.goto(base + '/progress');
    const chart = page.getByRole('img', { name: 'Morning pain, 0 to 10' });
    await chart.waitFor();
    assert.ok(await page.locator('#pain-chart-title').count() === 1);
    assert.ok((await page.locator('svg circle.dot').count()) >= 28);
    assert.equal(await page.locator('svg rect.band').count(), 1);
    await snap(page, '13-progress', size);
    // Each page answers 200 with its own content (an error page has an <h1> too). Four weeks
    // from 7 down to 4 each morning: -3 points (-43%) against the first week, meaningful.
    let response = await page.goto(base + '/review');
    assert.equal(response.status(), 200);
    await page.getByRole('heading', { name: 'Verdict: meaningful improvement' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Change: -3\.0 points \(-42\.9%\)/);
    assert.match(await page.locator('table.windows').innerText(), /7\.0\/10[\s\S]*4\.0\/10/);
    await snap(page, '14-review', size);
    response = await page.goto(base + '/report');
    assert.equal(response.status(), 200);
    await page.getByRole('heading', { name: 'unknot report', level: 1 }).waitFor();
    assert.ok((await page.locator('svg.chart rect.bar').count()) >= 4);  // one bar a week
    assert.match(await page.locator('main').innerText(), /meaningful improvement/i);
    await snap(page, '15-report', size);
    response = await page.goto(base + '/export');
    assert.equal(response.status(), 200);
    const csvLink = page.getByRole('link', { name: 'Diary as CSV' });
    const csv = await fetch(new URL(await csvLink.getAttribute('href'), base));
    assert.equal(csv.status, 200);
    const rows = (await csv.text()).trim().split('\n');
    assert.match(rows[0], /^at,/);
    assert.ok(rows.length >= 1 + 28, rows.length + ' rows');
    assert.ok(rows.some((row) => row.startsWith(firstReading + ',pain,')), 'no row for ' + firstReading);
    assert.ok(await page.getByRole('link', { name: /Calendar \(\.ics\)/ }).count() === 1);
    await snap(page, '16-export', size);
    await page.context().close();
  }
});

test('the report: a page with a print button, on paper at most two pages, and the same from the terminal', async () => {
  const page = await newPage('desktop');
  await page.goto(base + '/report');
  await page.getByRole('button', { name: 'Print this report' }).waitFor();
  for (const heading of ['At the start', 'Safety', 'The plan in short', 'Week by week', 'Review', 'Diary']) {
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, 'report-printed.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, 'printed pages: ' + pages);
  await page.context().close();
  const out = path.join(dataDir, 'report.pdf');
  const made = spawnSync(binary, ['--data-dir', dataDir, 'report', '--out', out], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  const html = path.join(dataDir, 'report.html');
  assert.equal(spawnSync(binary, ['--data-dir', dataDir, 'report', '--out', html]).status, 0);
  assert.match(readFileSync(html, 'utf8'), /<h2 id="r-weeks">Week by week<\/h2>/);
});

test('dark mode and a 320 px phone: every main page', async () => {
  const pages = [['01-home', '/'], ['05-plan', '/plan'], ['06-techniques', '/techniques'], ['13-progress', '/progress'],
    ['14-review', '/review'], ['15-report', '/report'], ['16-export', '/export'], ['07b-learn', '/learn'],
    ['02-intake-safety', '/start'], ['08a-session-check', '/session']];
  for (const size of ['dark', 'small']) {
    const page = await newPage(size);
    for (const [name, url] of pages) {
      await page.goto(base + url);
      await snap(page, name, size);
    }
    await page.goto(base + '/session');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#player').waitFor({ state: 'visible' });
    await snap(page, '08-session-ready', size);
    await page.context().close();
  }
});

test('dark mode pages are screenshotted too', async () => {
  const context = await browser.newContext({ ...sizes.phone, colorScheme: 'dark' });
  const page = await context.newPage();
  // The page's own background, as the browser drew it: dark in dark mode (light is checked
  // below against the same page), so the dark style sheet really applies.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const brightness = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
  for (const [name, url, shows] of [['dark-plan', '/plan', 'Your plan'], ['dark-progress', '/progress', 'Progress'],
    ['dark-session', '/session', null]]) {
    const response = await page.goto(base + url);
    assert.equal(response.status(), 200, url);
    assert.ok(brightness(await background()) < 60, url + ' background ' + (await background()));
    if (shows) await page.getByRole('heading', { name: shows, level: 1 }).waitFor();
    if (url === '/session') {
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('#player').waitFor({ state: 'visible' });
    }
    await snap(page, name, 'phone');
  }
  await context.close();
  const light = await browser.newContext({ ...sizes.phone, colorScheme: 'light' });
  const lightPage = await light.newPage();
  await lightPage.goto(base + '/plan');
  const lightBackground = await lightPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.ok(brightness(lightBackground) > 200, 'light background ' + lightBackground);
  await light.close();
});

test('no page broke the Content-Security-Policy or threw a script error', () => {
  assert.deepEqual(cspViolations, []);
});

test('the server refuses oversized and cross-site requests with a clear 4xx', async () => {
  const big = await fetch(base + '/api/triage', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(70 * 1024),
  });
  assert.equal(big.status, 413);
  assert.match(big.headers.get('content-type'), /text\/html/);
  assert.match(await big.text(), /<h1>Too much at once<\/h1>/);
  const headers = await fetch(base + '/api/techniques', { headers: { 'X-Padding': 'a'.repeat(9000) } });
  assert.equal(headers.status, 431);
  // A DNS-rebinding page would arrive under its own host name.
  const status = await new Promise((resolve, reject) => {
    const request = http.get(base + '/api/techniques', { headers: { Host: 'evil.example' } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
  });
  assert.equal(status, 421);
});

// Starts `unknot serve ARGS` on the journey's data directory and resolves once it printed a
// pairing link, with the child and what it printed so far.
function startOpenServer(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--data-dir', dataDir, 'serve', '--port', '0', ...args]);
    const printed = { stdout: '', stderr: '' };
    const timer = setTimeout(() => reject(new Error('no pairing link: ' + printed.stdout + printed.stderr)), 30000);
    child.stderr.on('data', (chunk) => { printed.stderr += chunk; });
    child.stdout.on('data', (chunk) => {
      printed.stdout += chunk;
      if (/\/pair\?code=[0-9a-f]+/.test(printed.stdout)) {
        clearTimeout(timer);
        resolve({ child, printed });
      }
    });
    child.on('exit', (code) => reject(new Error('unknot serve exited with ' + code + ': ' + printed.stderr)));
  });
}

async function stopOpenServer(child) {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('unknot serve refuses a bad address, and beyond loopback speaks HTTPS unless told otherwise', async () => {
  const bad = spawnSync(binary, ['--data-dir', dataDir, 'serve', '--bind', 'my-laptop'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--bind: 'my-laptop' is not an IP address/);
  const port = spawnSync(binary, ['--data-dir', dataDir, 'serve', '--port', '70000'], { encoding: 'utf8' });
  assert.equal(port.status, 2);
  assert.match(port.stderr, /--port: 70000 is not a port number/);
  // Beyond loopback: HTTPS with unknot's own certificate, an https:// pairing link, and the
  // certificate's fingerprint to compare with the phone's; no plain-HTTP warning.
  const open = await startOpenServer(['--bind', '0.0.0.0']);
  await stopOpenServer(open.child);
  assert.match(open.printed.stdout, /running at https:\/\/0\.0\.0\.0:\d+\//);
  assert.match(open.printed.stdout, /https:\/\/[^\s]+\/pair\?code=[0-9a-f]+/);
  assert.match(open.printed.stdout, /SHA-256 fingerprint[\s\S]*\n {2}([0-9A-F]{2}:){31}[0-9A-F]{2}\n/);
  assert.doesNotMatch(open.printed.stderr, /plain HTTP/);
  // Plain HTTP beyond loopback only when asked for, with a warning that says what it gives up.
  const insecure = await startOpenServer(['--bind', '0.0.0.0', '--insecure-http']);
  await stopOpenServer(insecure.child);
  assert.match(insecure.printed.stdout, /http:\/\/[^\s]+\/pair\?code=/);
  assert.match(insecure.printed.stderr, /WARNING: --insecure-http: listening on 0\.0\.0\.0 over plain HTTP/);
  assert.match(insecure.printed.stderr, /anyone on your network can read/);
  assert.match(insecure.printed.stderr, /will not keep the screen awake during a session or work offline/);
});

test('a phone pairs over HTTPS with the link the terminal shows, and gets a Secure cookie', async () => {
  const open = await startOpenServer(['--bind', '0.0.0.0']);
  try {
    const link = open.printed.stdout.match(/(https:\/\/[^\s]+)\/pair\?code=[0-9a-f]+/);
    // The certificate is unknot's own, which this browser was not told to trust: as on a phone
    // where the person compared the fingerprint and went on.
    const context = await browser.newContext({ ...sizes.phone, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const unpaired = await page.goto(link[1] + '/');
    assert.equal(unpaired.status(), 401);
    await page.goto(link[0]);
    await page.getByRole('button', { name: 'Pair this device' }).click();
    await page.waitForURL(link[1] + '/');
    assert.equal(new URL(page.url()).protocol, 'https:');
    assert.doesNotMatch(await page.textContent('main'), /not paired/);
    const cookie = (await context.cookies()).find((each) => each.name === 'unknot_device');
    assert.ok(cookie, 'the device cookie was set');
    assert.equal(cookie.secure, true);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const home = await page.goto(link[1] + '/');
    assert.equal(home.status(), 200);
    await context.close();
  } finally {
    await stopOpenServer(open.child);
  }
});
