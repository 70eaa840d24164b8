import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, deepMerge, loadConfig, parseConfig } from './config.ts';

const file = (content: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'servloop-config-')), 'rules.json');
  writeFileSync(p, content);
  return p;
};

describe('analytics configuration', () => {
  it('the issue example keeps the NPS-drop rule on and changes one number', () => {
    const c = loadConfig(file('{"npsDrop":{"windowDays":14}}'));
    expect(c.npsDrop).toEqual({ ...DEFAULT_CONFIG.npsDrop, windowDays: 14 });
    expect(c.npsDrop.enabled).toBe(true);
    expect(c.detractorComment).toEqual(DEFAULT_CONFIG.detractorComment);
  });

  it('a typo is refused at start with its path', () => {
    expect(() => loadConfig(file('{"npsDrop":{"windowDay":14}}'))).toThrow(
      /rules\.json: npsDrop\.windowDay: unknown key/,
    );
    expect(() => parseConfig({ nspDrop: {} })).toThrow(/nspDrop: unknown key/);
    expect(() => parseConfig({ loop: { actionDays: { training: 0 } } })).toThrow(
      /loop\.actionDays\.training/,
    );
    expect(() => parseConfig({ recipients: ['not-an-address'] })).toThrow(/recipients\.0/);
  });

  it('wrong types and out-of-range numbers are refused', () => {
    expect(() => parseConfig({ complaintSla: { resolveHours: '72' } })).toThrow(/complaintSla\.resolveHours/);
    expect(() => parseConfig({ npsDrop: { alpha: 0.6 } })).toThrow(/npsDrop\.alpha/);
  });

  it('no file: the defaults; unreadable JSON names the file', () => {
    expect(loadConfig('')).toBe(DEFAULT_CONFIG);
    expect(() => loadConfig(file('{oops'))).toThrow(/rules\.json/);
  });

  it('deep merge: objects by key at every depth, arrays replace', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] } })).toEqual({
      a: { b: 1, c: [3] },
      d: 1,
    });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
