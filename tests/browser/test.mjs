// Real-browser checks of a built actionplan site, opened over file://.
//
//   node test.mjs SITE_DIR
//
// Uses Debian's Chromium (/usr/bin/chromium) through playwright-core, and
// axe-core for WCAG 2.x A/AA rules. Prints one line per check, then
// "N passed, M failed" alone on a line; exits 1 if anything failed.

import { readFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 800 };
const SHOTS = path.join(here, 'screenshots');
// Whole run must end well within a few minutes, whatever hangs.
const WATCHDOG_MS = 4 * 60 * 1000;

const siteArg = process.argv[2];
if (!siteArg) {
  console.error('usage: node test.mjs SITE_DIR');
  process.exit(2);
}
const site = path.resolve(siteArg);

let passed = 0;
let failed = 0;

function pass(name, detail = '') {
  passed += 1;
  console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
}

function fail(name, detail) {
  failed += 1;
  console.log(`FAIL ${name}`);
  for (const line of String(detail).split('\n')) console.log(`     ${line}`);
}

// Runs one check; an exception thrown inside counts as a failure of it.
async function check(name, fn) {
  try {
    const result = await fn();
    if (result === undefined || result === true) pass(name);
    else if (typeof result === 'string') pass(name, result);
    else if (result.ok) pass(name, result.detail ?? '');
    else fail(name, result.detail);
  } catch (err) {
    fail(name, err && err.stack ? err.stack.split('\n').slice(0, 4).join('\n') : err);
  }
}

function fileUrl(rel) {
  return pathToFileURL(path.join(site, rel)).href;
}

function relToSite(url) {
  const p = fileURLToPath(url);
  return path.relative(site, p) || url;
}

const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// Opens a page, recording requests that failed to load (a missing stylesheet
// or a broken relative link would show here).
async function open(context, url) {
  const page = await context.newPage();
  const broken = [];
  page.on('requestfailed', (req) => broken.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('pageerror', (err) => broken.push(`script error: ${err.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && !response.ok()) throw new Error(`could not open ${url}: ${response.status()}`);
  return { page, broken };
}

function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} [${v.impact}] ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`);
    lines.push(`  ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 3)) {
      lines.push(`  - ${node.target.join(' ')}`);
      const html = node.html.length > 160 ? `${node.html.slice(0, 157)}...` : node.html;
      lines.push(`    ${html}`);
      const why = norm(node.failureSummary).slice(0, 300);
      if (why) lines.push(`    ${why}`);
    }
    if (v.nodes.length > 3) lines.push(`  - ... and ${v.nodes.length - 3} more`);
  }
  return lines.join('\n');
}

async function main() {
  const st = await stat(path.join(site, 'index.html')).catch(() => null);
  if (!st) {
    fail('site exists', `no index.html in ${site}`);
    return;
  }
  await mkdir(SHOTS, { recursive: true });
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    timeout: 60_000,
  });
  try {
    const desktop = await browser.newContext({ viewport: DESKTOP });
    desktop.setDefaultTimeout(20_000);

    // The owner page: the first owner linked from the owners index.
    let ownerRel = null;
    await check('owners/index.html links to an owner page', async () => {
      const { page } = await open(desktop, fileUrl('owners/index.html'));
      const href = await page.locator('main a[href]').first().getAttribute('href');
      await page.close();
      if (!href) return { ok: false, detail: 'no link in <main> on owners/index.html' };
      ownerRel = path.posix.join('owners', href);
      ownerRel = path.posix.normalize(ownerRel);
      return ownerRel;
    });

    const pages = [
      { name: 'dashboard', rel: 'index.html' },
      { name: 'inspections', rel: 'inspections/index.html' },
      { name: 'inspection', rel: 'inspections/hmic-going-local-2003-harrow.html', crumbs: true },
      { name: 'afi', rel: 'afis/hmic-going-local-2003-harrow-r2.html', crumbs: true },
      { name: 'frameworks', rel: 'frameworks/index.html' },
      { name: 'owners', rel: 'owners/index.html' },
      { name: 'overdue', rel: 'overdue.html' },
      { name: 'silent', rel: 'silent.html' },
      { name: 'movement', rel: 'movement.html' },
      { name: 'trend', rel: 'trend.html' },
      { name: 'papers', rel: 'papers/index.html' },
      { name: 'paper', rel: 'papers/pprc-2007-01-16-report-11.html', crumbs: true },
    ];
    if (ownerRel) pages.push({ name: 'owner', rel: ownerRel, crumbs: true });

    const phone = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    phone.setDefaultTimeout(20_000);

    // The width of <main> on the dashboard, for comparing page layouts.
    let dashboardMain = null;
    for (const { name, rel, crumbs } of pages) {
      let page = null;
      let broken = [];
      await check(`${rel}: opens over file://`, async () => {
        ({ page, broken } = await open(desktop, fileUrl(rel)));
        const h1 = norm(await page.locator('h1').first().textContent());
        return { ok: h1.length > 0, detail: h1 ? `h1 "${h1}"` : 'page has no h1' };
      });
      if (!page) continue;

      await check(`${rel}: every resource loads`, async () => ({
        ok: broken.length === 0,
        detail: broken.join('\n'),
      }));

      await check(`${rel}: axe WCAG 2.x A/AA`, async () => {
        await page.addScriptTag({ content: axeSource });
        const results = await page.evaluate(
          (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
          AXE_TAGS,
        );
        const detail = results.violations.length
          ? formatViolations(results.violations)
          : `${results.passes.length} rules passed, ${results.incomplete.length} need manual review`;
        return { ok: results.violations.length === 0, detail };
      });

      await check(`${rel}: the navigation marks where the reader is`, async () => {
        const marked = await page.evaluate(() =>
          [...document.querySelectorAll('nav[aria-label="Site"] a[aria-current]')].map(
            (a) => `${a.textContent.trim()}=${a.getAttribute('aria-current')}`,
          ),
        );
        return { ok: marked.length === 1, detail: marked.join(', ') || 'no aria-current in the site navigation' };
      });

      if (crumbs) {
        await check(`${rel}: breadcrumbs lead back to the dashboard`, async () => {
          const trail = await page.evaluate(() => {
            const nav = document.querySelector('nav[aria-label="Breadcrumb"]');
            if (!nav) return null;
            return [...nav.querySelectorAll('li')].map((li) => li.textContent.trim());
          });
          return {
            ok: Array.isArray(trail) && trail.length >= 3 && trail[0] === 'Dashboard',
            detail: trail ? trail.join(' > ') : 'no breadcrumb navigation',
          };
        });
      }

      for (const [label, context, viewport] of [['1280px', desktop, DESKTOP], [`${PHONE.width}px`, phone, PHONE]]) {
        const view = context === desktop ? page : (await open(phone, fileUrl(rel))).page;
        await check(`${rel} at ${label}: the header spans the viewport and nothing is wider`, async () => {
          const box = await view.evaluate(() => {
            const header = document.querySelector('.site-header').getBoundingClientRect();
            return {
              headerLeft: header.left,
              headerWidth: header.width,
              scroll: document.documentElement.scrollWidth,
              client: document.documentElement.clientWidth,
              main: document.querySelector('main').getBoundingClientRect().width,
            };
          });
          if (context === desktop && name === 'dashboard') dashboardMain = box.main;
          const ok =
            Math.abs(box.headerLeft) <= 1 &&
            Math.abs(box.headerWidth - box.client) <= 1 &&
            box.scroll <= box.client + 1;
          return {
            ok,
            detail: `header ${Math.round(box.headerLeft)}+${Math.round(box.headerWidth)} of ${box.client}px, page ${box.scroll}px wide`,
          };
        });

        await check(`${rel} at ${label}: a table region is a Tab stop only when it scrolls`, async () => {
          const wrong = await view.evaluate(() =>
            [...document.querySelectorAll('.table-wrap')]
              .filter((w) => (w.scrollWidth > w.clientWidth + 1) !== (w.getAttribute('tabindex') === '0'))
              .map((w) => `${w.getAttribute('aria-label')}: ${w.scrollWidth}/${w.clientWidth}, tabindex ${w.getAttribute('tabindex')}`),
          );
          return { ok: wrong.length === 0, detail: wrong.join('\n') || 'every region agrees' };
        });

        if (context === phone) {
          await check(`${rel} at ${label}: AFI tables keep the AFI, its status and its RAG in view`, async () => {
            const hidden = await view.evaluate((width) => {
              const out = [];
              for (const table of document.querySelectorAll('table.afis')) {
                for (const row of table.querySelectorAll('tbody tr')) {
                  const cells = row.querySelectorAll('th, td');
                  if (cells.length < 3) continue;
                  for (const cell of [...cells].slice(0, 3)) {
                    const r = cell.getBoundingClientRect();
                    if (r.left < 0 || r.right > width + 1) out.push(`${cell.textContent.trim().slice(0, 40)} right=${Math.round(r.right)}`);
                  }
                }
              }
              return out;
            }, viewport.width);
            return { ok: hidden.length === 0, detail: hidden.slice(0, 5).join('\n') || 'all in view' };
          });
          await view.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
          await view.close();
        }
      }

      if (name === 'paper') {
        await check(`${rel}: the paper's main column is as wide as the dashboard's`, async () => {
          const main = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().width);
          return {
            ok: dashboardMain !== null && Math.abs(main - dashboardMain) <= 1,
            detail: `paper ${Math.round(main)}px, dashboard ${Math.round(dashboardMain ?? 0)}px`,
          };
        });
        await check(`${rel}: printed, every page carries the report and "page N of M"`, async () => {
          const pdf = path.join(SHOTS, 'paper.pdf');
          await page.pdf({ path: pdf, format: 'A4' });
          const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
          const sheets = text.split('\f').filter((t) => t.trim().length > 0);
          const missing = sheets
            .map((t, i) => [i + 1, t])
            .filter(([i, t]) => !t.includes('Report 11, 16 January 2007') || !t.includes(`Page ${i} of ${sheets.length}`))
            .map(([i]) => i);
          const leaked = sheets.some((t) => t.includes('Skip to main content') || t.includes('Propose a change'));
          return {
            ok: sheets.length > 1 && missing.length === 0 && !leaked,
            detail: `${sheets.length} pages${missing.length ? `; pages without the running header or number: ${missing.join(', ')}` : ''}${leaked ? '; site navigation printed' : ''}`,
          };
        });
      }

      await check(`${rel}: screenshot`, async () => {
        const file = path.join(SHOTS, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return path.relative(here, file);
      });
      await page.close();
    }

    await check('dashboard: first inspection link leads to a page with that h1', async () => {
      const { page } = await open(desktop, fileUrl('index.html'));
      const link = page
        .locator('main table')
        .filter({ has: page.locator('caption', { hasText: /^\s*Inspections\b/ }) })
        .locator('tbody a[href]')
        .first();
      const text = norm(await link.textContent());
      await Promise.all([page.waitForEvent('load'), link.click()]);
      const h1 = norm(await page.locator('h1').first().textContent());
      const where = relToSite(page.url());
      await page.close();
      return {
        ok: text.length > 0 && h1 === text,
        detail: `link "${text}" -> ${where}, h1 "${h1}"`,
      };
    });

    await check('dashboard: skip link is the first focusable element', async () => {
      const { page } = await open(desktop, fileUrl('index.html'));
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return {
          tag: el ? el.tagName.toLowerCase() : null,
          text: el ? el.textContent.replace(/\s+/g, ' ').trim() : null,
          href: el ? el.getAttribute('href') : null,
          visible: el ? el.getBoundingClientRect().left >= 0 : false,
        };
      });
      await page.close();
      const ok = focused.text === 'Skip to main content';
      return {
        ok,
        detail: ok
          ? `<${focused.tag} href="${focused.href}">, ${focused.visible ? 'on screen when focused' : 'off screen when focused'}`
          : `first Tab focused <${focused.tag}> "${focused.text}"`,
      };
    });

  } finally {
    await browser.close();
  }
}

const watchdog = setTimeout(() => {
  fail('whole run', `did not finish within ${WATCHDOG_MS / 1000} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

try {
  await main();
} catch (err) {
  fail('browser run', err && err.stack ? err.stack : err);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
