/**
 * Draws the application icon (build/icon.png, 512×512; electron-builder derives .ico and .icns
 * from it) with the same Chromium the end-to-end tests use. Run once after a design change:
 * `node scripts/make-icon.ts`; the PNG is committed.
 */
import { chromium } from '@playwright/test';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect x="16" y="16" width="480" height="480" rx="96" fill="#1f5f8b"/>
  <rect x="112" y="384" width="288" height="28" rx="14" fill="#e8a33d"/>
  <text x="256" y="318" text-anchor="middle" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="250" font-weight="bold" fill="#ffffff">督</text>
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: 'build/icon.png', omitBackground: true });
await browser.close();
console.log('build/icon.png');
