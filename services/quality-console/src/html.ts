// Server-rendered HTML: escaping, the page frame, figures with their sample size and interval.
import type { Account } from './accounts.ts';
import { type LabelKey, type Lang, t } from './i18n.ts';

export const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One decimal, or the "not enough data" label. */
export function one(v: number | null | undefined, lang: Lang, unit = ''): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return t(lang, 'notEnough');
  return `${v.toFixed(1)}${unit}`;
}

/** `12.3 [4.5, 20.1] n=45`, or "数据不足 n=3" below `minN`. */
export function figure(
  v: { value: number | null; low?: number | null; high?: number | null; n: number },
  lang: Lang,
  minN = 1,
  unit = '',
): string {
  if (v.value === null || v.n < minN)
    return `<span class="nd">${esc(t(lang, 'notEnough'))}</span> <small>n=${v.n}</small>`;
  const ci =
    v.low !== null && v.low !== undefined && v.high !== null && v.high !== undefined
      ? ` <small>[${v.low.toFixed(1)}, ${v.high.toFixed(1)}]</small>`
      : '';
  return `${v.value.toFixed(1)}${unit}${ci} <small>n=${v.n}</small>`;
}

export interface Frame {
  lang: Lang;
  title: string;
  account?: Account;
  csrf?: string;
  body: string;
  /** Path of this page (the language switch links back to it). */
  path?: string;
  scripts?: string[];
}

const nav = (lang: Lang, account: Account | undefined, csrf: string | undefined) => {
  if (!account) return '';
  // A staff account has one page; the others would all be 404 for it.
  const links: [string, LabelKey][] =
    account.role === 'staff'
      ? [['/me', 'myScorecard']]
      : [
          ['/network', 'network'],
          ['/callbacks', 'callbacks'],
        ];
  if (account.role === 'hq') links.push(['/audit', 'audit']);
  if (account.role === 'branch' && account.branchId)
    links.unshift([`/branches/${encodeURIComponent(account.branchId)}`, 'branch']);
  return `<nav>${links.map(([href, key]) => `<a href="${href}">${esc(t(lang, key))}</a>`).join(' · ')}
  <span class="who">${esc(account.username)} (${esc(account.role)}${account.region ? ` ${esc(account.region)}` : ''}${account.branchId ? ` ${esc(account.branchId)}` : ''}${account.staffId ? ` ${esc(account.staffId)}` : ''})</span>
  <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${esc(csrf)}"><button>${esc(t(lang, 'signOut'))}</button></form></nav>`;
};

export function page(f: Frame): string {
  const other = f.lang === 'zh' ? 'en' : 'zh';
  const sep = f.path?.includes('?') ? '&' : '?';
  return `<!doctype html>
<html lang="${f.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.title)} · ${esc(t(f.lang, 'title'))}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/console.css">
${(f.scripts ?? []).map((s) => `<script src="${esc(s)}"></script>`).join('\n')}
</head><body>
<header><strong>${esc(t(f.lang, 'title'))}</strong> ${nav(f.lang, f.account, f.csrf)}
<a class="lang" href="${esc(`${f.path ?? '/'}${sep}lang=${other}`)}">${other === 'en' ? 'English' : '中文'}</a></header>
<main><h1>${esc(f.title)}</h1>
${f.body}
</main></body></html>`;
}

/** A message page (errors, 404): same frame, one paragraph, a way back. */
export function messagePage(lang: Lang, title: string, lines: string[], account?: Account, csrf?: string) {
  return page({
    lang,
    title,
    account,
    csrf,
    body: `${lines.map((l) => `<p class="msg">${esc(l)}</p>`).join('')}<p><a href="javascript:history.back()">${esc(t(lang, 'back'))}</a></p>`,
  });
}

/** Rows as CSV (RFC 4180 quoting), with a BOM so spreadsheet programs read UTF-8 Chinese. */
export function csv(header: string[], rows: unknown[][]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** "Submitted; shown once stored" after a write, and the writes ClickHouse does not have yet. */
export function writeNotices(lang: Lang, saved: boolean, pending: readonly { summary: string }[]): string {
  return (
    (saved ? `<p class="ok">${esc(t(lang, 'saved'))}</p>` : '') +
    (pending.length
      ? `<p class="pending">${esc(t(lang, 'pending'))}: ${pending.map((p) => esc(p.summary)).join('; ')}</p>`
      : '')
  );
}
