// Drives Debian's real Chromium against a page served on localhost: fill a form, submit it, read
// the answer, take a screenshot, and check that Chinese text is drawn with real glyphs.
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './index.js';

const FORM = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>回访</title></head>
<body><h1>客户回访</h1>
<form method="post" action="/outcome">
  <label>备注 <input name="note"></label>
  <select name="outcome"><option value="reached">已联系</option><option value="resolved">已解决</option></select>
  <button type="submit">保存</button>
</form></body></html>`;

let server: Server;
let base: string;
let browser: Browser;
const screenshotDir = join(tmpdir(), `servloop-browser-${process.pid}`);

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/outcome') {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const form = new URLSearchParams(body);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          `<!doctype html><meta charset="utf-8"><p id="saved">已保存：${form.get('outcome')} / ${form.get('note')}</p>`,
        );
      });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': 'sid=abc; HttpOnly; SameSite=Lax; Path=/',
    });
    response.end(FORM);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser({ screenshotDir, locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(screenshotDir, { recursive: true, force: true });
});

describe('browser (Debian chromium via playwright-core)', () => {
  it('fills and submits a form, reads the answer and screenshots it', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/`);
    expect(response.status).toBe(200);
    expect(await page.title()).toBe('回访');
    expect(await page.text('h1')).toBe('客户回访');
    expect(await page.attribute('form', 'method')).toBe('post');
    await page.waitForAttribute('form', 'action', '/outcome');
    expect(await page.cookies()).toEqual([
      expect.objectContaining({ name: 'sid', value: 'abc', httpOnly: true, sameSite: 'Lax' }),
    ]);

    await page.fill('input[name=note]', '客户满意');
    await page.select('select[name=outcome]', 'resolved');
    await page.click('button[type=submit]');
    expect(page.url()).toBe(`${base}/outcome`);
    expect(await page.text('#saved')).toBe('已保存：resolved / 客户满意');

    const path = await page.screenshot('saved');
    const png = await readFile(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(page.errors()).toEqual([]);
    await page.close();
  });

  it('draws Chinese labels with real glyphs (fonts-noto-cjk) and tells a glyph no font has', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(await page.missingGlyphs('客户回访 已解决 净推荐值')).toEqual([]);
    // A private-use character no font draws: proves the check can fail.
    expect(await page.missingGlyphs('质\u{10FFFC}')).toEqual(['\u{10FFFC}']);
    await page.close();
  });

  it('keeps each page in a context of its own (no shared cookies)', async () => {
    const first = await browser.newPage();
    await first.goto(`${base}/`);
    const second = await browser.newPage();
    expect(await second.cookies()).toEqual([]);
    await first.close();
    await second.close();
  });

  it('waitForText gives up with the text it last saw', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect(page.waitForText('h1', '不存在', { timeoutMs: 600 })).rejects.toThrow(
      /within 600 ms; last: 客户回访/,
    );
    await page.close();
  });
});
