import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverride, loadPack, PackError, packIds, parsePack } from './pack.ts';

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof PackError) return err.issues;
    throw err;
  }
  throw new Error('expected a PackError');
};

describe('clock packs', () => {
  it('ships the three packs, each valid', () => {
    expect(packIds()).toEqual(['cn-banking-insurance-2020', 'cn-gov-haochaping', 'cn-telecom']);
    for (const id of packIds()) expect(loadPack(id).id).toBe(id);
  });

  it('encodes the 2020 banking rule: 15 days, +15 to 30, +30 with senior management', () => {
    const clock = loadPack('cn-banking-insurance-2020').clocks[0]!;
    expect([clock.days, clock.limit, clock.extensions.map((e) => e.days)]).toEqual([
      'calendar',
      15,
      [15, 30],
    ]);
    expect(clock.extensions[1]!.requires.approverRoles).toEqual(['senior_management']);
    expect(clock.extensions.every((e) => e.requires.approver && e.requires.customerInformed)).toBe(true);
  });

  it('refuses an unknown key with its path, and a wrong value with the allowed ones', () => {
    const pack = structuredClone(loadPack('cn-telecom')) as unknown as Record<string, unknown>;
    const clocks = pack.clocks as Record<string, unknown>[];
    clocks[0]!.limitDays = 15;
    clocks[0]!.days = 'business';
    expect(issuesOf(() => parsePack(pack, 'x.json'))).toEqual([
      { path: '/clocks/0/limitDays', reason: 'is not a known key' },
      { path: '/clocks/0/days', reason: 'must be one of "calendar", "working"' },
    ]);
  });

  it('refuses a pausable clock with nothing to resume it', () => {
    const pack = structuredClone(loadPack('cn-telecom'));
    pack.clocks[0]!.pauseOn = ['paused'];
    expect(issuesOf(() => parsePack(pack, 'x.json'))).toEqual([
      { path: '/clocks/0/resumeOn', reason: 'a clock that can pause must name what resumes it' },
    ]);
  });

  it('applies local limits from an override file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clocks-'));
    const file = join(dir, 'local.json');
    writeFileSync(
      file,
      JSON.stringify({
        pack: 'cn-gov-haochaping',
        note: '某市方案：差评5个工作日内整改反馈',
        clocks: { rectification: { limit: 5, warn: { daysLeft: 1 } }, callback: { limit: 2 } },
      }),
    );
    const pack = loadPack('cn-gov-haochaping', { overrideFile: file });
    expect(pack.clocks.map((c) => [c.id, c.limit, c.warn.daysLeft])).toEqual([
      ['callback', 2, 0],
      ['rectification', 5, 1],
    ]);
    expect(loadPack('cn-gov-haochaping').clocks[1]!.limit).toBe(15); // the shipped pack is untouched
  });

  it('好差评 bad ratings: csat 1–2 from a named customer by default, locally redefinable', () => {
    const gov = loadPack('cn-gov-haochaping');
    expect(gov.badRatings).toEqual({ csatAtMost: 2, realNameOnly: true });
    expect(loadPack('cn-telecom').badRatings).toBeUndefined();
    const local = applyOverride(
      gov,
      { pack: gov.id, badRatings: { csatAtMost: 3, realNameOnly: true }, clocks: {} },
      'o',
    );
    expect(local.badRatings).toEqual({ csatAtMost: 3, realNameOnly: true });
    expect(
      issuesOf(() =>
        applyOverride(
          gov,
          { pack: gov.id, badRatings: { csatAtMost: 6, realNameOnly: true }, clocks: {} },
          'o',
        ),
      ),
    ).toEqual([{ path: '/badRatings/csatAtMost', reason: 'must be <= 5' }]);
  });

  it('refuses an override with an unknown key, an unknown clock or another pack', () => {
    const pack = loadPack('cn-gov-haochaping');
    expect(
      issuesOf(() => applyOverride(pack, { pack: pack.id, clocks: { callback: { limt: 2 } } }, 'o.json')),
    ).toEqual([{ path: '/clocks/callback/limt', reason: 'is not a known key' }]);
    expect(
      issuesOf(() => applyOverride(pack, { pack: pack.id, clocks: { nope: { limit: 2 } } }, 'o.json')),
    ).toEqual([
      { path: '/clocks/nope', reason: 'is not a clock of cn-gov-haochaping (callback, rectification)' },
    ]);
    expect(issuesOf(() => applyOverride(pack, { pack: 'cn-telecom', clocks: {} }, 'o.json'))).toEqual([
      { path: '/pack', reason: 'is cn-telecom, but the pack is cn-gov-haochaping' },
    ]);
    const bank = loadPack('cn-banking-insurance-2020');
    expect(
      issuesOf(() =>
        applyOverride(
          bank,
          { pack: bank.id, clocks: { decision: { extensions: { simple: { days: 3 } } } } },
          'o.json',
        ),
      ),
    ).toEqual([
      { path: '/clocks/decision/extensions/simple', reason: 'is not an extension of clock decision' },
    ]);
  });

  it('names the file when a pack cannot be found or read', () => {
    expect(() => loadPack('cn-nowhere')).toThrow(
      'cn-nowhere: / is not a shipped pack (cn-banking-insurance-2020, cn-gov-haochaping, cn-telecom)',
    );
    expect(() => loadPack('cn-telecom', { overrideFile: '/nonexistent/o.json' })).toThrow(
      /^\/nonexistent\/o.json: \/ cannot be read \(ENOENT/,
    );
  });
});
