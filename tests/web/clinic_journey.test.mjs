// The clinician's pages in a real browser (issue 18): Playwright (playwright-core) driving
// Debian's chromium against `unknot clinic serve` on the PostgreSQL that
// scripts/with-postgres.sh started (UNKNOT_CLINIC_DB). Two patients link and sync through the
// device API as their own unknot would: one logged a warning sign yesterday, one has been
// quiet for 9 days. The clinician signs in, finds the one with the warning sign on top with
// the date, filters the list by reason, opens the patient's page, downloads the report and the
// FHIR bundle, and reads their own audit log. Then, for a patient whose synced answers rule
// things out (cannot kneel, no massage ball), the clinician prescribes on the prescription
// page: days and a note, a technique, a custom exercise with a pose figure, and an item the
// answers rule out, refused with the reason until the override is confirmed. Every page is checked with axe-core (WCAG 2.1
// AA, 0 violations), for CSP violations, unlabelled controls and horizontal overflow, at
// desktop and phone sizes, and screenshotted into test-artifacts/web-clinic/ (not committed).
// Usage: scripts/with-postgres.sh env UNKNOT_BINARY=build/release/unknot node --test clinic_journey.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { checkAndSnap } from './page_checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.UNKNOT_BINARY || path.join(root, 'build/release/unknot');
// Screenshots go to test-artifacts/web-clinic/ unless UNKNOT_CLINIC_SHOTS names another folder.
const artifacts = process.env.UNKNOT_CLINIC_SHOTS || path.join(root, 'test-artifacts/web-clinic');
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};
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

// A patient whose answers rule things out: cannot kneel, and no equipment of their own.
const rulingOutIntake = {
  schema: 'unknot.intake/1', age: 40,
  pain: { now: 4, weeks_since_onset: 3, areas: ['between_shoulder_blades'] },
  profile: { constraints: ['cannot_kneel'], equipment: [] },
};

async function signIn(page) {
  await page.goto(base + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/patients$/);
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
function snap(page, name, size) {
  return checkAndSnap(page, name, size, artifacts);
}

let wrenId;
let clinician;
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
  clinician = {
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

test('the clinician prescribes within what the patient\'s answers allow, and overrides a rule on record', async () => {
  for (const [size, name] of [['desktop', 'Robin Reed'], ['phone', 'Sam Stone']]) {
    const added = await api('POST', '/api/clinic/patients', { display_name: name }, clinician);
    const linked = await api('POST', '/api/clinic/link', { code: added.json.link_code });
    await api('POST', '/api/clinic/sync', {
      entries: [{ at: daysAgo(1) + 'T07:30:00', type: 'pain', nprs: 4, context: 'morning' }],
      intake: rulingOutIntake,
    }, { Authorization: 'Bearer ' + linked.json.token });
    const id = added.json.id;

    const page = await newPage(size);
    await signIn(page);
    await page.getByRole('link', { name }).click();
    await page.waitForURL(new RegExp('/patients/' + id + '$'));
    await page.getByRole('link', { name: 'Prescription and custom exercises' }).click();
    await page.waitForURL(new RegExp('/patients/' + id + '/prescription$'));
    assert.match(await page.locator('main').innerText(), /Nothing prescribed yet/);
    await snap(page, '06-prescription-empty', size);

    // Days a week and a note for the patient.
    const settings = page.getByRole('form', { name: 'Days and note' });
    await settings.getByLabel('Days a week').fill('4');
    await settings.getByLabel('Note for the patient').fill('Little and often, between meetings.');
    await settings.getByRole('button', { name: 'Save days and note' }).click();
    await page.waitForURL(/\/prescription$/);
    assert.equal(await page.getByRole('form', { name: 'Days and note' }).getByLabel('Days a week').inputValue(), '4');

    // A technique from the knowledge base, with a note.
    let adding = page.getByRole('form', { name: 'Add a technique' });
    await adding.getByLabel('Technique').selectOption({ label: 'Seated shoulder rolls' });
    await adding.getByLabel('Note for the patient').fill('Every hour at the desk.');
    await adding.getByRole('button', { name: 'Add to the prescription' }).click();
    await page.waitForURL(/\/prescription$/);
    let prescribed = page.getByRole('region', { name: 'Prescribed' });
    assert.match(await prescribed.innerText(), /Seated shoulder rolls[\s\S]*Every hour at the desk/);

    // A custom exercise of the clinician's own, with a pose figure.
    const custom = page.getByRole('form', { name: 'Create a custom exercise' });
    await custom.getByLabel('Title').fill('Wall angels, small range');
    await custom.getByLabel('Steps, one a line').fill('Stand with your back to a wall.\nSlide your arms up a hand\'s width and down.');
    await custom.getByLabel('Sets', { exact: true }).fill('2');
    await custom.getByLabel('Reps', { exact: true }).fill('8');
    await custom.getByLabel('Stop if, one a line').fill('Pain spreads down the arm.\nTingling in the hand.');
    await custom.getByLabel('Position').selectOption({ label: 'Standing' });
    await custom.getByLabel('Pose figure').selectOption({ label: 'Standing overhead reach' });
    await custom.getByRole('button', { name: 'Create and prescribe' }).click();
    await page.waitForURL(/\/prescription$/);
    prescribed = page.getByRole('region', { name: 'Prescribed' });
    const list = await prescribed.innerText();
    assert.match(list, /Wall angels, small range[\s\S]*2 sets of 8/);
    assert.match(list, /Stand with your back to a wall/);
    assert.match(list, /Stop if[\s\S]*Tingling in the hand/);
    assert.match(list, /Pose figure: Standing overhead reach/);

    // Something the patient's answers rule out: refused, with the reason beside the field.
    adding = page.getByRole('form', { name: 'Add a technique' });
    await adding.getByLabel('Technique').selectOption({ label: 'Massage ball against a wall' });
    await adding.getByRole('button', { name: 'Add to the prescription' }).click();
    adding = page.getByRole('form', { name: 'Add a technique' });
    const refusal = adding.getByRole('alert');
    assert.match(await refusal.innerText(), /rule this out[\s\S]*has no massage ball/);
    assert.doesNotMatch(await prescribed.innerText(), /Massage ball/, 'a refusal saves nothing');
    await snap(page, '07-prescription-refused', size);

    // Confirmed: prescribed, and the override is on record with who and when.
    await adding.getByLabel(/I confirm an override/).check();
    await adding.getByRole('button', { name: 'Add to the prescription' }).click();
    await page.waitForURL(/\/prescription$/);
    const main = await page.locator('main').innerText();
    assert.match(main, /Massage ball against a wall/);
    assert.match(main, /Override confirmed \(the patient has no massage ball\) by Pat Physio on \d{4}-\d\d-\d\d/);
    assert.match(main, /Massage ball against a wall, although the patient has no massage ball: confirmed by Pat Physio on [^\n]* UTC/);
    assert.match(main, /Overrides on record/);
    for (const internal of ['massage_ball', 'missing_equipment', 'cannot_kneel', 'custom-1', 'overhead-reach']) {
      assert.ok(!main.includes(internal), 'the page shows an internal word: ' + internal);
    }
    await snap(page, '08-prescription', size);
    await page.context().close();
  }
  assert.deepEqual(cspViolations, []);
});
