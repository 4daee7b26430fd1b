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
import { sampleReport } from '../helpers/sample-report.ts';

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
});
