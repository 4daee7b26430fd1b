/**
 * The HTML report in a real headless Chromium (Debian's chromium, driven by playwright-core): it
 * renders the matrix, a cell opens its cases, and a case opens the diff. Skipped where Chromium is
 * not installed, unless REQUIRE_BROWSER=1 (CI installs it).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { reportOf, sampleReport } from '../helpers/sample-report.ts';
import { runThreeDifferences } from '../helpers/three-differences.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === '1';

describe.skipIf(!available && !required)('HTML report in headless Chromium', () => {
  it('renders the matrix, opens a cell, and opens a case diff', { timeout: 120_000 }, async () => {
    if (!available) throw new Error(`Chromium not found at ${CHROMIUM}`);
    const dir = mkdtempSync(join(tmpdir(), 'tjc-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(await sampleReport()));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No background networking: this machine has no network, and none is needed.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      const rows = await page.locator('#matrix tr').count();
      expect(rows).toBe(4); // header + 3 adapters
      expect(await page.locator('#matrix').innerText()).toContain('not installed <here>');
      await page.locator('td.cell[data-adapter="faulty"]').first().click();
      await expect.poll(() => page.locator('#cases li').count()).toBe(12);
      expect(await page.locator('#cases li').first().innerText()).toMatch(/^fail:claims/);
      await page.locator('#cases li').first().click();
      await expect.poll(() => page.locator('#diff-title').count()).toBe(1);
      const diff = await page.locator('#diff').innerText();
      expect(diff).toContain('payload');
      expect(await page.locator('#diff pre.got mark').count()).toBeGreaterThan(0);
      await page.screenshot({ path: process.env.HTML_SCREENSHOT ?? join(dir, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a failing run on a 1366-pixel screen: the summary with the recurring differences on top, the matrix within the width, a case diff beside its list', { timeout: 600_000 }, async () => {
    if (!available) throw new Error(`Chromium not found at ${CHROMIUM}`);
    const t = await runThreeDifferences();
    // A second adapter with a long command line, as users give them, to test the width.
    const report = reportOf([t.run, { ...t.run, name: `${process.execPath} /some/long/path/to/an/sdk/conformance/adapter.mjs --with --many --flags`, records: t.run.records }]);
    const dir = mkdtempSync(join(tmpdir(), 'tjc-html-'));
    const file = join(dir, 'three.html');
    writeFileSync(file, renderHtml(report));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      // The verdict and the three differences, above the matrix.
      expect(await page.locator('#verdict').innerText()).toContain(`${2 * t.expected.tokenCases} new failure(s)`);
      const rows = await page.locator('#differences tr').allInnerTexts();
      const { tokenCases, withIat, withSlash } = t.expected;
      expect(rows.slice(1).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(
        ['three-differences 1.0.0 (three-differences)', 'three-differences 1.0.0 (adapter 2)'].flatMap((label) => [
          `${label} access_token header order typ,alg,cty instead of alg,typ,cty ${tokenCases} of ${tokenCases}`,
          `${label} access_token payload lacks iat ${withIat} of ${tokenCases}`,
          `${label} access_token \`/\` written as \`\\/\` ${withSlash} of ${tokenCases}`,
        ]),
      );
      const summary = (await page.locator('#summary').boundingBox())!;
      const matrix = (await page.locator('#matrix').boundingBox())!;
      expect(summary.y + summary.height).toBeLessThanOrEqual(matrix.y);
      // Nothing wider than the screen: no horizontal scrolling.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
      // Labels from the start reply; the command only in the title.
      expect(await page.locator('#matrix').innerText()).not.toContain('--with --many');
      await page.locator('td.cell').first().click();
      await page.locator('#cases li').first().click();
      await expect.poll(() => page.locator('#diff-title').count()).toBe(1);
      const list = (await page.locator('#cases').boundingBox())!;
      const diff = (await page.locator('#diff').boundingBox())!;
      // Beside the list, not below it.
      expect(diff.x).toBeGreaterThanOrEqual(list.x + list.width);
      expect(diff.y).toBeLessThan(list.y + list.height);
      expect(await page.locator('#diff-lines').innerText()).toContain('payload lacks iat');
      await page.screenshot({ path: process.env.HTML_SCREENSHOT_FAILING ?? join(dir, 'three.png'), fullPage: false });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
