// An alert as a bilingual email: Chinese first, English second; HTML and plain text.
import { type AlertJob, alertConsoleUrl } from '@servloop/schemas';
import { formatFigures } from './figures.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const SEVERITY = {
  info: ['提示', 'Info'],
  warning: ['警告', 'Warning'],
  critical: ['严重', 'Critical'],
} as const;

/** The quality console's address when none is configured (SERVLOOP_CONSOLE_PUBLIC_URL). */
export const DEFAULT_CONSOLE_URL = 'http://127.0.0.1:8090';

/** The e-mail for an alert; `consoleUrl`: the console's public URL, where the link points. */
export function render(
  a: AlertJob,
  consoleUrl = DEFAULT_CONSOLE_URL,
): { subject: string; text: string; html: string } {
  const [sevZh, sevEn] = SEVERITY[a.severity];
  const subject = `[servloop ${sevZh}/${sevEn}] ${a.subject['zh-CN']} / ${a.subject.en}`;
  const pairs = formatFigures(a.figures);
  const figures = pairs.map(([k, v]) => `${k}: ${v}`);
  const link = alertConsoleUrl(a, consoleUrl);
  const text = [
    a.subject['zh-CN'],
    ...a.lines.map((l) => `- ${l['zh-CN']}`),
    '',
    a.subject.en,
    ...a.lines.map((l) => `- ${l.en}`),
    '',
    '数据 / Figures:',
    ...figures.map((f) => `  ${f}`),
    '',
    '在控制台查看 / Open in the quality console:',
    `  ${link}`,
    '',
    `Alert key: ${a.key}`,
  ].join('\n');
  const list = (lang: 'zh-CN' | 'en') =>
    `<ul>${a.lines.map((l) => `<li>${escapeHtml(l[lang])}</li>`).join('')}</ul>`;
  const html = [
    `<h2>${escapeHtml(a.subject['zh-CN'])}</h2>`,
    list('zh-CN'),
    `<h2>${escapeHtml(a.subject.en)}</h2>`,
    list('en'),
    `<table border="1" cellpadding="4">${pairs
      .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table>`,
    `<p><a href="${escapeHtml(link)}">在控制台查看 / Open in the quality console</a></p>`,
    `<p style="color:#888">Alert key: ${escapeHtml(a.key)}</p>`,
  ].join('\n');
  return { subject, text, html };
}

/** The alert's own addressing (set by the analytics worker from its configuration) wins over the mailer's defaults. */
export function addressing(
  a: AlertJob,
  defaults: { from: string; recipients: string[] },
): { from: string; to: string[] } {
  return {
    from: a.from || defaults.from,
    to: a.recipients && a.recipients.length > 0 ? a.recipients : defaults.recipients,
  };
}
