// The installable web app in a real browser (Playwright + Debian's chromium), as a phone uses
// it away from the computer: the install criteria Chromium reports for the manifest; the
// service worker controlling the page and a technique card it never showed loading with the
// server gone; and the offline queue: a session finished after the server went away
// mid-session and a check-in made while it is away are kept on the phone, then land in the
// diary exactly once when the server is back (restarted on the same port and data directory).
// Also the player's wake lock (asked for again when the page comes back into view) and
// spoken cues, with the browser's Wake Lock and speech stood in for so the calls can be seen.
// Usage: UNKNOT_BINARY=build/release/unknot node --test offline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.UNKNOT_BINARY || path.join(root, 'build/release/unknot');
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let dataDir;
let server = null;
let base;
let port = '0';
let profile;
let context;
let page;
const problems = [];

// Starts `unknot serve` (on `port`, 0 at first) and resolves with the address it prints.
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--data-dir', dataDir, 'serve', '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let output = '';
    const timer = setTimeout(() => reject(new Error('unknot serve printed no address: ' + output)), 30000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/running at (http:\/\/[^\s]+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1].replace(/\/$/, ''));
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error('unknot serve exited with ' + code + ': ' + output)));
  });
}

async function stopServer() {
  const child = server;
  server = null;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function watch(watched) {
  watched.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
  });
  watched.on('pageerror', (error) => problems.push('script error: ' + error.message));
}

async function diary() {
  const text = await fetch(base + '/export/diary.jsonl').then((response) => response.text());
  return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const waiting = () => page.evaluate(() => window.unknotQueue.count());

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'unknot-offline-'));
  const started = spawnSync(binary, ['--data-dir', dataDir, 'start', '--intake', path.join(root, 'tests/data/desk_worker.json')],
    { encoding: 'utf8' });
  assert.equal(started.status, 0, started.stderr);
  base = await startServer();
  port = new URL(base).port;
  // A profile of its own, as a phone's browser has: Chromium does not install from incognito,
  // and Playwright's other contexts are incognito.
  profile = mkdtempSync(path.join(tmpdir(), 'unknot-offline-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    ...phone,
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = context.pages()[0] || await context.newPage();
  watch(page);
});

after(async () => {
  if (context) await context.close();
  if (server) await stopServer();
  for (const dir of [dataDir, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Chromium finds the app installable: a valid manifest, icons and a service worker', async () => {
  await page.goto(base + '/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.equal(manifest.url, base + '/manifest.webmanifest');
  assert.deepEqual(manifest.errors, []);
  const data = JSON.parse(manifest.data);
  assert.equal(data.display, 'standalone');
  assert.equal(data.start_url, '/');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  await cdp.detach();
});

test('the service worker controls the page, and a card never opened loads with the server gone', async () => {
  await page.goto(base + '/techniques');
  const worker = await page.evaluate(() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL);
  assert.equal(worker, base + '/sw.js');
  const { techniques } = await fetch(base + '/api/techniques').then((response) => response.json());
  const unseen = techniques[techniques.length - 1];
  await stopServer();
  await context.setOffline(true);
  try {
    await page.goto(base + '/techniques/' + unseen.id);
    await page.getByRole('heading', { name: unseen.name, level: 1 }).waitFor();
    const pictures = page.locator('article.technique .figures img');
    assert.equal(await pictures.count(), 2);
    for (const picture of await pictures.all()) {
      await picture.scrollIntoViewIfNeeded();
      await page.waitForFunction((element) => element.complete && element.naturalWidth > 0, await picture.elementHandle());
    }
    // A page never opened says so, in the app's own words.
    const missing = await page.goto(base + '/review?as_of=2026-01-01');
    assert.equal(missing.status(), 503);
    await page.getByRole('heading', { name: 'This page is not on this phone' }).waitFor();
  } finally {
    await context.setOffline(false);
  }
  base = await startServer();
});

test('a session finished after the server went away, and a check-in made while it is away, land in the diary once', async () => {
  assert.deepEqual(await diary(), []);
  await page.goto(base + '/session?speed=400');
  await page.getByRole('button', { name: 'Continue' }).click();
  const player = page.locator('#player');
  await player.waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => Number(document.getElementById('player').dataset.step) >= 1);
  await stopServer();  // the laptop goes away mid-session
  await page.locator('#finish').waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('#finish').getByText('3', { exact: true }).click();
  await page.getByRole('button', { name: 'Save to my diary' }).click();
  await page.locator('#finish-status').getByText('Saved on this phone.').waitFor();
  assert.equal(await page.locator('#finish').getAttribute('data-saved'), 'kept');
  assert.equal(await page.locator('#outbox-status').count(), 0);  // one notice, the player's

  // The check-in, from the page kept on the phone.
  await page.goto(base + '/checkin');
  await page.locator('fieldset', { hasText: 'How is the pain this morning?' }).getByText('4', { exact: true }).click();
  await page.locator('label[for="worry-no"]').click();
  await page.getByText('What did you do a lot of yesterday?').click();  // the triggers are folded away
  await page.getByLabel('Desk or computer work').check();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.waitForURL(/\/checkin\?offline=kept$/);
  assert.match(await page.locator('#outbox-status').textContent(), /Saved on this phone/);
  assert.equal(await waiting(), 3);  // the session, this morning's pain, yesterday's trigger

  // Today's session opens from the phone too: its safety check, then the player and its script.
  await page.goto(base + '/session');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/session\/[^?]+\?offline=player$/);
  await player.waitFor({ state: 'visible' });

  // The server comes back on the same address; the next page load sends what waits.
  base = await startServer();
  await page.goto(base + '/techniques');
  await page.waitForFunction(() => document.documentElement.dataset.outbox === 'sent');
  assert.match(await page.locator('#outbox-status').textContent(), /Sent/);
  assert.equal(await waiting(), 0);
  let entries = await diary();
  const sessions = entries.filter((entry) => entry.type === 'session');
  assert.equal(sessions.length, 1, JSON.stringify(entries));
  assert.equal(sessions[0].pain_during, 3);
  assert.match(sessions[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(entries.filter((entry) => entry.type === 'pain' && entry.nprs === 4 && entry.context === 'morning').length, 1);
  assert.equal(entries.filter((entry) => entry.type === 'trigger' && entry.trigger === 'desk_work').length, 1);
  assert.equal(entries.length, 3, JSON.stringify(entries));

  // A reply lost on the way means the phone sends the same line again: still once.
  await page.evaluate((entry) => window.unknotQueue.keep([entry]).then(() => window.unknotQueue.flush()), sessions[0]);
  assert.equal(await waiting(), 0);
  entries = await diary();
  assert.equal(entries.filter((entry) => entry.type === 'session').length, 1);
  assert.equal(entries.length, 3);
});

test('a check-in made with the network cut is sent when the browser is back online', async () => {
  await context.setOffline(true);
  try {
    await page.goto(base + '/checkin');
    await page.locator('fieldset', { hasText: 'How is the pain this morning?' }).getByText('2', { exact: true }).click();
    await page.locator('label[for="worry-no"]').click();
    await page.getByRole('button', { name: 'Save check-in' }).click();
    await page.waitForURL(/\/checkin\?offline=kept$/);
    assert.equal(await waiting(), 1);
  } finally {
    await context.setOffline(false);  // fires `online`: the page sends the queue without a reload
  }
  await page.waitForFunction(() => document.documentElement.dataset.outbox === 'sent');
  const pains = (await diary()).filter((entry) => entry.type === 'pain' && entry.nprs === 2);
  assert.equal(pains.length, 1, JSON.stringify(pains));
});

test('the player keeps the screen awake, asks again when back in view, and speaks the cues', async () => {
  const player = await context.newPage();
  watch(player);
  await player.addInitScript(() => {
    window.calls = [];
    const lock = () => {
      const sentinel = new EventTarget();
      sentinel.release = async () => {
        window.calls.push('release');
        sentinel.dispatchEvent(new Event('release'));
      };
      window.lastLock = sentinel;
      return sentinel;
    };
    Object.defineProperty(navigator, 'wakeLock', {
      configurable: true,
      value: { request: async (type) => { window.calls.push('lock ' + type); return lock(); } },
    });
    const speech = {
      speak: (utterance) => window.calls.push('say ' + utterance.text),
      cancel: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: speech });
  });
  const { items, session } = await fetch(base + '/api/session').then((response) => response.json());
  await player.goto(base + '/session/' + session + '?speed=20');
  await player.getByRole('button', { name: 'Continue' }).click();
  await player.locator('#player').waitFor({ state: 'visible' });
  await player.getByLabel('Speak the cues').check();
  await player.getByRole('button', { name: 'Start' }).click();
  await player.waitForFunction(() => Number(document.getElementById('player').dataset.step) >= 1);
  const calls = () => player.evaluate(() => window.calls);
  assert.ok((await calls()).includes('lock screen'), JSON.stringify(await calls()));
  assert.ok((await calls()).includes('say Spoken cues on.'));
  assert.ok((await calls()).some((call) => call.startsWith('say ') && call !== 'say Spoken cues on.'), JSON.stringify(await calls()));
  // The browser lets the lock go when the page is hidden; coming back into view asks again.
  await player.evaluate(() => {
    window.lastLock.dispatchEvent(new Event('release'));
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await player.waitForFunction(() => window.calls.filter((call) => call === 'lock screen').length === 2);
  await player.getByRole('button', { name: 'Pause' }).click();
  await player.waitForFunction(() => window.calls.includes('release'));
  // The choice to hear the cues is remembered on this device.
  await player.reload();
  await player.locator('#player').waitFor({ state: 'visible' });
  assert.equal(await player.getByLabel('Speak the cues').isChecked(), true);
  assert.ok(items.length >= 1);
  await player.close();
});

test('no page broke the Content-Security-Policy or threw a script error', () => {
  assert.deepEqual(problems, []);
});
