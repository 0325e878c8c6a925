// The clinician's pages in a real browser (issue 18): Playwright (playwright-core) driving
// Debian's chromium against `unknot clinic serve` on the PostgreSQL that
// scripts/with-postgres.sh started (UNKNOT_CLINIC_DB). Two patients link and sync through the
// device API as their own unknot would: one logged a warning sign yesterday, one has been
// quiet for 9 days. The clinician signs in, finds the one with the warning sign on top with
// the date, filters the list by reason, opens the patient's page, downloads the report and the
// FHIR bundle, and reads their own audit log. Every page is checked with axe-core (WCAG 2.1
// AA, 0 violations), for CSP violations, unlabelled controls and horizontal overflow, at
// desktop and phone sizes, and screenshotted into test-artifacts/web-clinic/ (not committed).
// Usage: scripts/with-postgres.sh env UNKNOT_BINARY=build/release/unknot node --test clinic_journey.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.UNKNOT_BINARY || path.join(root, 'build/release/unknot');
const artifacts = path.join(root, 'test-artifacts/web-clinic');
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const email = 'pat.physio@clinic.test';
const password = 'a long enough password for the journey';

let dataDir;
let server;
let base;
let browser;
const cspViolations = [];

// "YYYY-MM-DD" `days` before today, in local time (the server's "today" is local too).
function daysAgo(days) {
  const date = new Date();
  date.setDate(date.getDate() - days);
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}

function unknot(args, input) {
  const run = spawnSync(binary, args, { input, encoding: 'utf8' });
  assert.equal(run.status, 0, 'unknot ' + args.join(' ') + ': ' + run.stdout + run.stderr);
  return run.stdout;
}

function serve(directory) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--data-dir', directory, 'clinic', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error('unknot clinic serve printed no address: ' + output)), 30000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/running at (http:\/\/[^\s]+)/);
      if (found) {
        clearTimeout(timer);
        resolve({ child, address: found[1].replace(/\/$/, '') });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error('unknot clinic serve exited with ' + code + ': ' + output)));
  });
}

async function api(method, route, body, headers = {}) {
  const response = await fetch(base + route, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, method + ' ' + route + ': ' + response.status + ' ' + text);
  return { json: JSON.parse(text), headers: response.headers };
}

// A patient added by the clinician, linked and synced as their own unknot would.
async function patientWith(clinician, name, entries) {
  const added = await api('POST', '/api/clinic/patients', { display_name: name }, clinician);
  const linked = await api('POST', '/api/clinic/link', { code: added.json.link_code });
  await api('POST', '/api/clinic/sync', { entries }, { Authorization: 'Bearer ' + linked.json.token });
  return added.json.id;
}

async function newPage(size) {
  const context = await browser.newContext({ ...sizes[size], acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push('script error: ' + error.message));
  return page;
}

// The checks every page must pass, then a screenshot.
async function snap(page, name, size) {
  const problems = await page.evaluate(() => {
    const found = [];
    for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
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

let wrenId;
const warningDay = daysAgo(1);

before(async () => {
  assert.ok(process.env.UNKNOT_CLINIC_DB, 'UNKNOT_CLINIC_DB is not set: run through scripts/with-postgres.sh');
  dataDir = mkdtempSync(path.join(tmpdir(), 'unknot-clinic-web-'));
  unknot(['clinic', 'init']);
  unknot(['clinic', 'add-clinician', '--email', email, '--name', 'Pat Physio'], password + '\n');
  const started = await serve(dataDir);
  server = started.child;
  base = started.address;
  const login = await api('POST', '/api/clinic/login', { email, password });
  const clinician = {
    Cookie: login.headers.get('set-cookie').split(';')[0],
    'X-CSRF-Token': login.json.csrf_token,
  };
  await patientWith(clinician, 'Quinn Quiet', [
    { at: daysAgo(9) + 'T07:30:00', type: 'pain', nprs: 3, context: 'morning' },
  ]);
  wrenId = await patientWith(clinician, 'Wren Warning', [
    { at: daysAgo(2) + 'T07:30:00', type: 'pain', nprs: 4, context: 'morning' },
    { at: warningDay, type: 'symptom', symptom: 'fever' },
    { at: daysAgo(1) + 'T18:00:00', type: 'session', session: 'strength', completed: true, pain_during: 7 },
  ]);
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

test('the clinician finds the patient with a warning sign on top, filters, opens and downloads', async () => {
  for (const size of Object.keys(sizes)) {
    const page = await newPage(size);
    await page.goto(base + '/');
    assert.match(page.url(), /\/login$/);
    await snap(page, '01-sign-in', size);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/patients$/);

    // Most in need first: the warning sign, with its date, above the quiet patient.
    const rows = page.locator('table.patients tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /Wren Warning/);
    assert.match(await rows.nth(0).innerText(), new RegExp('A warning sign was reported on ' + warningDay));
    assert.match(await rows.nth(0).innerText(), /A session hurt/);
    assert.match(await rows.nth(1).innerText(), /Quinn Quiet[\s\S]*Nothing logged for a week/);
    await snap(page, '02-patients', size);

    // Filtered by a reason: only those patients.
    await page.getByLabel('Show').selectOption('no_recent_entry');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/attention=no_recent_entry/);
    assert.equal(await rows.count(), 1);
    assert.match(await rows.nth(0).innerText(), /Quinn Quiet/);
    await snap(page, '03-patients-filtered', size);
    await page.getByLabel('Show').selectOption('warning_sign');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/attention=warning_sign/);
    assert.equal(await rows.count(), 1);

    // The patient's page: reasons, the days with data, the charts, the diary.
    await page.getByRole('link', { name: 'Wren Warning' }).click();
    await page.waitForURL(new RegExp('/patients/' + wrenId + '$'));
    const main = await page.locator('main').innerText();
    assert.match(main, /Needs attention/);
    assert.match(main, /Days with data in the last 30\s*2/);
    assert.match(main, /Warning sign: A fever/);
    assert.match(main, /Sessions against the plan/);
    assert.match(main, /7\/10/);
    await snap(page, '04-patient', size);

    // Downloads from the person's own app's code.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'the report' }).click()]);
    assert.equal(report.suggestedFilename(), 'unknot-report-' + wrenId + '.html');
    assert.match(readFileSync(await report.path(), 'utf8'), /A fever/);
    const [fhir] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'the FHIR bundle' }).click()]);
    const bundle = JSON.parse(readFileSync(await fhir.path(), 'utf8'));
    assert.equal(bundle.resourceType, 'Bundle');

    // The clinician's own audit log has all of it.
    await page.getByRole('link', { name: 'Your audit log' }).click();
    await page.waitForURL(/\/audit$/);
    const audit = await page.locator('main').innerText();
    for (const done of ['Looked at the patient list', "Opened a patient's page", "Downloaded a patient's report",
      "Downloaded a patient's FHIR bundle"]) {
      assert.ok(audit.includes(done), 'the audit log lacks: ' + done);
    }
    await snap(page, '05-audit', size);
    await page.context().close();
  }
  assert.deepEqual(cspViolations, []);
});
