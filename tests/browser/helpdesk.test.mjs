// Browser tests of the helpdesk page that kb-searchd serves at "/" (searchd/web/), in
// Debian's headless Chromium driven by playwright-core.
//
//   node tests/browser/helpdesk.test.mjs          (exit 77 = skipped: no browser)
//   node --test tests/browser/helpdesk.test.mjs   (a missing browser is a skipped test)
//
// Environment: KB_INDEXER, KB_SEARCHD (binaries; default build/bin/), KB_CORPUS_DIR
// (default corpus/), KB_SCREENSHOT_DIR (PNGs are saved there; default a temp folder),
// KB_WEB_ROOT (optional: serve the page from this folder, not the built-in copy),
// KB_CHROMIUM (default /usr/bin/chromium), KB_REQUIRE_BROWSER=1 (fail instead of skip).
//
// The sample corpus and tests/browser/fixtures/ (an XSS probe) are indexed into a temp
// folder; kb-searchd listens on 127.0.0.1 on a free port. Every test fails on a console
// error, an uncaught page error or a failed /api request.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const env = process.env;
const INDEXER = env.KB_INDEXER || path.join(REPO, 'build', 'bin', 'kb-indexer');
const SEARCHD = env.KB_SEARCHD || path.join(REPO, 'build', 'bin', 'kb-searchd');
const CORPUS = env.KB_CORPUS_DIR || path.join(REPO, 'corpus');
const FIXTURES = path.join(HERE, 'fixtures');
const CHROMIUM = env.KB_CHROMIUM || '/usr/bin/chromium';
const SHOTS = env.KB_SCREENSHOT_DIR || path.join(os.tmpdir(), 'kbsearch-browser-screenshots');

// ---- prerequisites: a missing browser skips (CTest: exit code 77) --------------------

let chromium = null;
let missing = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  missing = `playwright-core is not installed (run "npm ci" in tests/browser): ${err.message}`;
}
if (!missing && !fs.existsSync(CHROMIUM)) {
  missing = `${CHROMIUM} is missing (apt-get install chromium)`;
}
if (missing) {
  if (env.KB_REQUIRE_BROWSER === '1') {
    console.error(`helpdesk browser tests: ${missing} (KB_REQUIRE_BROWSER=1)`);
    process.exit(1);
  }
  console.log(`helpdesk browser tests skipped: ${missing}`);
  // Under "node --test" the runner owns the exit code: report a skipped test instead.
  if (env.NODE_TEST_CONTEXT) test('helpdesk page in a browser', { skip: missing }, () => {});
  else process.exit(77);
}

// ---- the server and the browser, shared by all tests ---------------------------------

let tmp;
let server;      // kb-searchd child process
let browser;
let base;        // http://127.0.0.1:PORT

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(what, check, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function stopServer() {
  if (server && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

// never leave kb-searchd behind, even if the test process dies
process.on('exit', stopServer);

before(async () => {
  if (missing) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-browser-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  const index = path.join(tmp, 'index');

  const indexer = spawnSync(INDEXER, ['--index', index, '--quiet', CORPUS, FIXTURES],
                            { encoding: 'utf8', timeout: 120000 });
  assert.ok([0, 65].includes(indexer.status),
            `kb-indexer exited ${indexer.status}: ${indexer.stderr}${indexer.error ?? ''}`);

  const portFile = path.join(tmp, 'port');
  const args = ['--index', index, '--bind', '127.0.0.1', '--port', '0', '--port-file', portFile];
  if (env.KB_WEB_ROOT) args.push('--web-root', env.KB_WEB_ROOT);
  server = spawn(SEARCHD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let serverLog = '';
  server.stderr.on('data', (chunk) => { serverLog = (serverLog + chunk).slice(-4000); });
  const port = await waitFor('kb-searchd port file', () => {
    if (server.exitCode !== null) throw new Error(`kb-searchd exited ${server.exitCode}: ${serverLog}`);
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '';
    return /^\d+$/.test(text) ? text : null;
  });
  base = `http://127.0.0.1:${port}`;
  await waitFor('kb-searchd /readyz', async () => {
    try {
      return (await fetch(`${base}/readyz`)).ok;
    } catch {
      return false;
    }
  });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    stopServer();
    if (server.exitCode === null && server.signalCode === null) {
      await Promise.race([new Promise((resolve) => server.once('exit', resolve)), sleep(5000)]);
    }
    if (server.exitCode === null && server.signalCode === null) process.kill(server.pid, 'SIGKILL');
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- helpers -------------------------------------------------------------------------

// A page whose console errors, page errors and failed /api requests are collected;
// `allowed` lists /api paths expected to fail (the error-handling test).
async function openPage(t, { width = 1280, height = 900, allowed = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = [];
  const isAllowed = (url) => allowed.some((p) => url.includes(p));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // the browser logs each 4xx/5xx resource load; those are judged by the listeners below
    const resource = msg.location()?.url ?? '';
    if (/Failed to load resource/.test(msg.text()) && isAllowed(resource)) return;
    problems.push(`console error: ${msg.text()} (${resource})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (response) => {
    const url = response.url();
    if (url.includes('/api/') && response.status() >= 400 && !isAllowed(url)) {
      problems.push(`HTTP ${response.status()} for ${url}`);
    }
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // requests the page aborts on purpose (a newer keystroke or view) are not failures
    if (request.url().includes('/api/') && error !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${request.url()} ${error}`);
    }
  });
  t.after(async () => {
    await context.close();
  });
  return { page, problems };
}

async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.busy === '0');
}

async function go(page, query) {
  await page.goto(`${base}/${query}`);
  await settled(page);
}

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

function params(page) {
  return new URL(page.url()).searchParams;
}

async function api(pathAndQuery) {
  const response = await fetch(`${base}${pathAndQuery}`);
  assert.equal(response.status, 200, `${pathAndQuery}: ${response.status}`);
  return response.json();
}

const text = (page, selector) => page.locator(selector).first().innerText();

// ---- tests ---------------------------------------------------------------------------

const browserTest = (name, fn) => (missing ? null : test(name, fn));

browserTest('search as you type: pick a suggestion with ArrowDown + Enter', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?ui=en');
  const input = page.locator('#search-input');
  await input.click();
  // slower than the 150 ms debounce: each pause may fetch, newer keys abort older requests
  await input.pressSequentially('talen', { delay: 180 });
  const firstOption = page.locator('#suggest-list [role="option"]').first();
  await firstOption.waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const queries = page.locator('#suggest-list .suggest-query');
  assert.ok(await queries.count() > 0, 'query completions are listed');
  assert.ok(await page.locator('#suggest-list .suggest-title').count() > 0, 'titles are listed');
  await shot(page, 'suggest-01-typing-talen');

  await input.press('ArrowDown');
  const activeId = await input.getAttribute('aria-activedescendant');
  assert.ok(activeId, 'aria-activedescendant is set');
  const active = page.locator(`#${activeId}`);
  assert.equal(await active.getAttribute('aria-selected'), 'true');
  const chosen = (await active.locator('.suggest-text').innerText()).trim();
  assert.match(chosen, /^talen/);

  await input.press('Enter');
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, chosen);
  await settled(page);
  assert.equal(await page.locator('#suggest-list').isHidden(), true);
  assert.equal(await input.inputValue(), chosen);
  assert.ok(await page.locator('#results .hit').count() > 0, 'results are shown');
  const expected = await api(`/api/v1/search?q=${encodeURIComponent(chosen)}&ui_lang=en`);
  assert.match(await text(page, '#results-summary'), new RegExp(`^${expected.total} result`));
  assert.ok(await page.locator('#results .snippet mark').count() > 0, 'snippets highlight matches');
  await shot(page, 'suggest-02-results');
  assert.deepEqual(problems, []);
});

browserTest('facets: two languages and a region, chips, counts as the API', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?ui=en');
  const allTotal = (await api('/api/v1/search?q=&ui_lang=en')).total;
  assert.match(await text(page, '#results-summary'), new RegExp(`^${allTotal} result`));

  for (const key of ['facet:lang:sl', 'facet:lang:hr', 'facet:region:SI']) {
    await page.locator(`input[data-focus-key="${key}"]`).check();
    await settled(page);
  }
  const p = params(page);
  assert.deepEqual(p.getAll('lang'), ['sl', 'hr']);
  assert.deepEqual(p.getAll('region'), ['SI']);
  assert.equal(await page.locator('#chips .chip').count(), 3);
  assert.ok(await page.locator('input[data-focus-key="facet:lang:sl"]').isChecked());
  assert.ok(await page.locator('input[data-focus-key="facet:region:SI"]').isChecked());

  const answer = await api('/api/v1/search?q=&lang=sl&lang=hr&region=SI&ui_lang=en');
  assert.ok(answer.total < allTotal, 'the filters narrow the results');
  assert.match(await text(page, '#results-summary'), new RegExp(`^${answer.total} result`));
  assert.equal(await page.locator('#results .hit').count(), Math.min(answer.total, 10));
  // the lang facet ignores its own filter: its counts are the API's
  for (const v of answer.facets.lang) {
    const count = page.locator(`input[data-focus-key="facet:lang:${v.value}"] + label .facet-count`);
    assert.equal(await count.innerText(), String(v.count), `count of ${v.value}`);
  }
  const chipTexts = await page.locator('#chips .chip-text').allInnerTexts();
  assert.ok(chipTexts.some((c) => c.includes('Slovenia')), `a region chip: ${chipTexts}`);
  await shot(page, 'facets-01-sl-hr-slovenia', true);

  await page.locator('#chips .chip', { hasText: 'Croatian' }).click();
  await settled(page);
  assert.deepEqual(params(page).getAll('lang'), ['sl']);
  assert.equal(await page.locator('#chips .chip').count(), 2);

  await page.locator('#chips .clear-all').click();
  await settled(page);
  assert.equal(await page.locator('#chips .chip').count(), 0);
  assert.equal(params(page).getAll('lang').length, 0);
  assert.match(await text(page, '#results-summary'), new RegExp(`^${allTotal} result`));

  // years: one range from the first to the last ticked year
  await page.locator('input[data-focus-key="facet:year:2021"]').check();
  await settled(page);
  await page.locator('input[data-focus-key="facet:year:2024"]').check();
  await settled(page);
  assert.equal(params(page).get('from'), '2021');
  assert.equal(params(page).get('to'), '2024');
  const years = await api('/api/v1/search?q=&date_from=2021&date_to=2024&ui_lang=en');
  assert.ok(years.total > 0 && years.total < allTotal);
  assert.match(await text(page, '#results-summary'), new RegExp(`^${years.total} result`));
  assert.match(await text(page, '#chips .chip-text'), /2021–2024/);
  await shot(page, 'facets-02-years', true);
  assert.deepEqual(problems, []);
});

browserTest('paging and sorting by date', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?ui=en');
  await page.locator('#pager a[rel="next"]').click();
  await settled(page);
  assert.equal(params(page).get('page'), '2');
  const second = await api('/api/v1/search?q=&page=2&size=10&ui_lang=en');
  assert.equal(await page.locator('#results .hit').first().getAttribute('data-id'), second.hits[0].id);
  assert.equal(await page.locator('#results .hit-list').getAttribute('start'), '11');
  assert.equal(await page.locator('#pager [aria-current="page"]').innerText(), '2');
  await shot(page, 'paging-01-page-2');
  await page.goBack();
  await settled(page);
  assert.equal(params(page).get('page'), null);
  assert.equal(await page.locator('#pager [aria-current="page"]').innerText(), '1');

  await page.selectOption('#sort-select', 'date');
  await settled(page);
  assert.equal(params(page).get('sort'), 'date');
  const byDate = await api('/api/v1/search?q=&sort=date&size=10&ui_lang=en');
  assert.equal(await page.locator('#results .hit').first().getAttribute('data-id'), byDate.hits[0].id);
  assert.ok(byDate.hits[0].date, 'the newest document comes first');
  assert.deepEqual(problems, []);
});

browserTest('document view, similar precedents, back and forward', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?q=talent&lang=sl&lang=pl&ui=en');
  const resultsUrl = page.url();

  // similar precedents inline, under a result
  const firstHit = page.locator('#results .hit').first();
  await firstHit.locator('.similar-toggle').click();
  await firstHit.locator('.similar-item').first().waitFor();
  assert.equal(await firstHit.locator('.similar-toggle').getAttribute('aria-expanded'), 'true');
  await shot(page, 'document-01-results-with-similar');

  const title = (await firstHit.locator('.hit-link').innerText()).trim();
  await firstHit.locator('.hit-link').click();
  await settled(page);
  assert.ok(params(page).get('doc'), 'the URL names the document');
  assert.equal((await text(page, '.doc-title')).trim(), title);
  assert.ok((await text(page, '.doc-text')).length > 200, 'the full text is shown');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'doc-title',
               'the focus moves to the document');
  assert.ok(await page.locator('#results-view').isHidden());
  const similar = page.locator('.doc-similar .similar-item a').first();
  await similar.waitFor();
  await shot(page, 'document-02-document', true);

  const firstDoc = params(page).get('doc');
  await similar.click();
  await settled(page);
  const secondDoc = params(page).get('doc');
  assert.ok(secondDoc && secondDoc !== firstDoc, 'a similar precedent opens another document');
  await page.locator('.doc-similar .similar-item').first().waitFor();
  await shot(page, 'document-03-similar-precedent');

  await page.goBack();
  await settled(page);
  assert.equal(params(page).get('doc'), firstDoc);
  assert.equal((await text(page, '.doc-title')).trim(), title);

  await page.goBack();
  await settled(page);
  assert.equal(page.url(), resultsUrl);
  assert.ok(await page.locator('#results-view').isVisible());
  assert.equal(await page.locator('#search-input').inputValue(), 'talent');
  assert.equal(await page.locator('#chips .chip').count(), 2);
  assert.ok(await page.locator('input[data-focus-key="facet:lang:pl"]').isChecked());

  await page.goForward();
  await settled(page);
  assert.equal(params(page).get('doc'), firstDoc);
  assert.equal((await text(page, '.doc-title')).trim(), title);

  // "back to results" from the document goes back in history to the same search
  await page.locator('.back-link').click();
  await settled(page);
  assert.equal(page.url(), resultsUrl);
  assert.deepEqual(problems, []);
});

browserTest('UI language: Polish strings and Polish facet labels', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?q=&region=SI&ui=en');
  assert.equal(await text(page, '.search-button'), 'Search');
  await page.selectOption('#ui-lang-select', 'pl');
  await settled(page);
  assert.equal(params(page).get('ui'), 'pl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'pl');
  assert.equal(await text(page, '.search-button'), 'Szukaj');
  assert.equal(await text(page, '.facet-lang legend'), 'Język');

  const facets = await api('/api/v1/facets?ui_lang=pl');
  const slovenia = facets.facets.region.find((r) => r.value === 'SI');
  assert.equal(slovenia.label, 'Słowenia', 'the taxonomy has a Polish label');
  const siLabel = page.locator('input[data-focus-key="facet:region:SI"] + label .facet-label');
  assert.equal(await siLabel.innerText(), 'Słowenia');
  const chip = await text(page, '#chips .chip-text');
  assert.match(chip, /Słowenia/);
  const topicLabels = await page.locator('.facet-topic .facet-label').allInnerTexts();
  const plTopics = new Set(facets.facets.topic.map((v) => v.label));
  assert.ok(topicLabels.length && topicLabels.every((l) => plTopics.has(l)),
            `topic labels in Polish: ${topicLabels}`);
  await shot(page, 'ui-pl-01-facets', true);

  await page.selectOption('#ui-lang-select', 'en');
  await settled(page);
  assert.equal(await text(page, '.search-button'), 'Search');
  assert.equal(await siLabel.innerText(), 'Slovenia');
  assert.deepEqual(problems, []);
});

browserTest('keyboard: "/" focuses the search box, Escape closes suggestions', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?ui=en');
  await page.locator('.site-footer').click();
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'search-input');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
  assert.equal(await page.locator('#search-input').inputValue(), '', '"/" is not typed');

  await page.keyboard.type('razv', { delay: 60 });
  const list = page.locator('#suggest-list');
  await list.locator('[role="option"]').first().waitFor({ state: 'visible' });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = await page.locator('#search-input').getAttribute('aria-activedescendant');
  assert.equal(second, 'suggest-option-1');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.locator('#search-input').getAttribute('aria-activedescendant'),
               'suggest-option-0');
  await shot(page, 'keyboard-01-suggestions');
  await page.keyboard.press('Escape');
  assert.ok(await list.isHidden(), 'Escape closes the list');
  assert.equal(await page.locator('#search-input').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#search-input').inputValue(), 'razv', 'the text stays');

  // "/" typed inside the box is just a character
  await page.keyboard.type('/');
  assert.equal(await page.locator('#search-input').inputValue(), 'razv/');
  await shot(page, 'keyboard-02-escaped');
  assert.deepEqual(problems, []);
});

browserTest('phone-sized window: one column, no horizontal scroll', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  await go(page, '?q=razvoj&ui=en');
  await shot(page, 'phone-01-results');
  assert.ok(await scrollWidth() <= 375, `scrollWidth ${await scrollWidth()}`);
  assert.ok(await page.locator('#sidebar').isHidden(), 'the filters are folded away');

  await page.locator('#filters-toggle').click();
  assert.ok(await page.locator('#sidebar').isVisible());
  assert.equal(await page.locator('#filters-toggle').getAttribute('aria-expanded'), 'true');
  await shot(page, 'phone-02-filters-open');
  assert.ok(await scrollWidth() <= 375, `scrollWidth with filters ${await scrollWidth()}`);

  await go(page, '?ui=en');
  await shot(page, 'phone-03-start');
  assert.ok(await scrollWidth() <= 375, `scrollWidth of the start page ${await scrollWidth()}`);

  await go(page, '?q=razvoj&ui=en');
  await page.locator('#results .hit-link').first().click();
  await settled(page);
  await page.locator('.doc-similar .similar-item').first().waitFor();
  await shot(page, 'phone-04-document');
  assert.ok(await scrollWidth() <= 375, `scrollWidth of a document ${await scrollWidth()}`);
  assert.deepEqual(problems, []);
});

browserTest('XSS probe: document text is never markup', async (t) => {
  const { page, problems } = await openPage(t);
  const injected = () => page.evaluate(() => ({
    xss: window.__xss,
    elements: document.querySelectorAll('#main img, #main script, #main iframe, #suggest-list img').length,
  }));

  await go(page, '?q=xssprobe&ui=en');
  const hit = page.locator('#results .hit').first();
  const title = await hit.locator('.hit-link').innerText();
  assert.match(title, /<img src=x onerror="window.__xss=1">/);
  assert.match(title, /& "quotes"/);
  const snippet = await hit.locator('.snippet').innerText();
  assert.match(snippet, /<img src=x onerror="window.__xss=1">/);
  assert.match(snippet, /<script>window.__xss=1<\/script/);
  assert.ok(await hit.locator('.snippet mark').count() >= 1, 'the matches are <mark>ed');
  for (const mark of await hit.locator('.snippet mark').allInnerTexts()) {
    assert.equal(mark.toLowerCase(), 'xssprobe');
  }
  assert.deepEqual(await injected(), { xss: undefined, elements: 0 });
  await shot(page, 'xss-01-results');

  // the suggestion list shows titles too
  const input = page.locator('#search-input');
  await input.fill('');
  await input.pressSequentially('xsspro', { delay: 40 });
  await page.locator('#suggest-list .suggest-title').first().waitFor();
  assert.match(await text(page, '#suggest-list .suggest-title'), /<img src=x/);
  assert.deepEqual(await injected(), { xss: undefined, elements: 0 });
  await input.press('Escape');

  await hit.locator('.hit-link').click();
  await settled(page);
  assert.match(await text(page, '.doc-title'), /<img src=x onerror="window.__xss=1">/);
  const body = await text(page, '.doc-text');
  assert.match(body, /<script>window.__xss=1<\/script>/);
  assert.match(body, /<iframe src="javascript:window.__xss=1"><\/iframe>/);
  assert.match(body, /<mark>not a match<\/mark>/);
  assert.match(await text(page, '.doc-description'), /<script>window.__xss=1<\/script>/);
  const source = page.locator('.doc-url');
  assert.equal(await source.getAttribute('href'), 'https://example.org/xssprobe?q=%3Cimg%20src%3Dx%3E&a=1');
  assert.equal(await page.locator('.doc-text mark, .doc-text a').count(), 0);
  assert.deepEqual(await injected(), { xss: undefined, elements: 0 });
  await shot(page, 'xss-02-document', true);
  assert.deepEqual(problems, []);
});

browserTest('did you mean: a misspelt word offers the corrected search', async (t) => {
  const { page, problems } = await openPage(t);
  await go(page, '?q=Velenej&ui=en');
  const link = page.locator('#did-you-mean a');
  await link.waitFor();
  assert.equal(await link.innerText(), 'velenje');
  await shot(page, 'did-you-mean-01-velenej');
  await link.click();
  await settled(page);
  assert.equal(params(page).get('q'), 'velenje');
  assert.equal(await page.locator('#search-input').inputValue(), 'velenje');
  assert.ok(await page.locator('#results .hit').count() > 0);
  assert.ok(await page.locator('#did-you-mean').isHidden());
  await shot(page, 'did-you-mean-02-velenje');
  assert.deepEqual(problems, []);
});

browserTest('API errors are shown as readable messages', async (t) => {
  const { page, problems } = await openPage(t, { allowed: ['/api/v1/documents/no-such'] });
  await go(page, '?doc=no-such-document.txt&ui=en');
  const alert = page.locator('#error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /not in the knowledge base/);
  assert.ok(await page.locator('.back-link').isVisible(), 'a way back to the search');
  await shot(page, 'error-01-missing-document');
  await page.locator('.back-link').click();
  await settled(page);
  assert.ok(await alert.isHidden());
  assert.ok(await page.locator('#results .hit').count() > 0);
  assert.deepEqual(problems, []);
});
