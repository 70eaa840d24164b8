// The simulator's comments, read by the real analyser: they carry the topics the scores explain.
import { analyseComment } from '@servloop/comment-analysis';
import { describe, expect, it } from 'vitest';
import { hallComment, SECTORS, type Sector, sectorOf, toTraditional, type VisitScores } from './comments.ts';

const seeded = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const SLOW: VisitScores = { attitude: 4.3, efficiency: 1.8, performance: 4.2, process: 4.1, facilities: 4.2 };
const GOOD: VisitScores = { attitude: 4.5, efficiency: 4.5, performance: 4.4, process: 4.3, facilities: 4.4 };
const VARIED: VisitScores[] = [
  { attitude: 2.2, efficiency: 4.2, performance: 4.0, process: 4.1, facilities: 4.0 },
  { attitude: 4.2, efficiency: 4.0, performance: 2.5, process: 4.1, facilities: 4.0 },
  { attitude: 4.2, efficiency: 4.0, performance: 4.0, process: 2.4, facilities: 4.0 },
  { attitude: 4.2, efficiency: 4.0, performance: 4.0, process: 4.1, facilities: 2.3 },
];

function comments(scores: VisitScores[], n: number, seed = 11, sectors: readonly Sector[] = SECTORS) {
  const rand = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({
    sector: sectors[i % sectors.length]!,
    text: hallComment(rand, sectors[i % sectors.length]!, scores[i % scores.length]!),
  })).filter((c) => c.text !== '');
}
const negativeOn = (text: string, dimension: string) =>
  analyseComment(text).topics.some(
    (t) => t.dimension === dimension && (t.sentiment === 'negative' || t.sentiment === 'mixed'),
  );
const share = (xs: { text: string }[], f: (t: string) => boolean) =>
  xs.filter((x) => f(x.text)).length / xs.length;

describe('simulated hall comments', () => {
  it('are deterministic for a seed, and differ between seeds', () => {
    expect(comments([SLOW, GOOD], 200)).toEqual(comments([SLOW, GOOD], 200));
    expect(comments([SLOW, GOOD], 200, 12)).not.toEqual(comments([SLOW, GOOD], 200));
  });

  it('a slow visit mostly blames waiting and the queue; a good one rarely blames efficiency', () => {
    const slow = comments([SLOW], 800);
    const good = comments([GOOD], 800);
    expect(share(slow, (t) => negativeOn(t, 'efficiency'))).toBeGreaterThan(0.6);
    expect(share(good, (t) => negativeOn(t, 'efficiency'))).toBeLessThan(0.1);
    const subtopics = new Set(slow.flatMap((c) => analyseComment(c.text).subtopics));
    expect([...subtopics]).toEqual(expect.arrayContaining(['waiting', 'queue_machine', 'few_windows']));
    expect(share(good, (t) => analyseComment(t).sentiment === 'positive')).toBeGreaterThan(0.5);
  });

  it('every dimension is blamed when its score is low, and some comments need a response', () => {
    const all = comments(VARIED, 1200);
    for (const [i, dimension] of ['attitude', 'performance', 'process', 'facilities'].entries()) {
      const low = all.filter((_, k) => k % VARIED.length === i);
      expect({ dimension, share: share(low, (t) => negativeOn(t, dimension)) > 0.4 }).toEqual({
        dimension,
        share: true,
      });
    }
    const needing = share(all, (t) => analyseComment(t).needsResponse);
    expect(needing).toBeGreaterThan(0.02);
    expect(needing).toBeLessThan(0.2);
    const reasons = new Set(all.flatMap((c) => analyseComment(c.text).reasons));
    expect(reasons.size).toBeGreaterThanOrEqual(4);
  });

  it('with contrast, emoji, Traditional characters and comments about nothing', () => {
    const all = comments([SLOW, GOOD, ...VARIED], 1500);
    expect(share(all, (t) => /但是|不过|可是|就是/.test(t))).toBeGreaterThan(0.05);
    expect(share(all, (t) => /\p{Extended_Pictographic}/u.test(t))).toBeGreaterThan(0.05);
    const traditional = share(all, (t) => toTraditional(t) === t && /[櫃態號機辦費說們時間還沒開]/.test(t));
    expect(traditional).toBeGreaterThan(0.02);
    expect(traditional).toBeLessThan(0.15);
    expect(share(all, (t) => analyseComment(t).topics.length === 0)).toBeGreaterThan(0.01);
    expect(toTraditional('柜员态度很好,办事也快')).toBe('櫃員態度很好,辦事也快');
  });

  it('in the words of each sector', () => {
    const words: Record<Sector, RegExp> = {
      bank: /理财|信用卡|银行卡|网银|ATM|基金|保险|挂失/,
      telecom: /套餐|宽带|携号转网|副卡|流量包|合约机|SIM卡|话费/,
      utility: /电费|燃气|水表|缴费/,
      government: /营业执照|社保|公积金|居住证|不动产/,
    };
    for (const sector of SECTORS) {
      const own = comments([SLOW, ...VARIED], 600, 5, [sector]);
      expect({ sector, own: share(own, (t) => words[sector].test(t)) > 0.05 }).toEqual({ sector, own: true });
      for (const other of SECTORS.filter((s) => s !== sector))
        expect({ sector, other, n: own.filter((c) => words[other].test(c.text)).length }).toEqual({
          sector,
          other,
          n: 0,
        });
    }
  });

  it('sector from the demo file, else stable per branch', () => {
    expect(sectorOf('GZ001', 'telecom')).toBe('telecom');
    expect(sectorOf('X9', 'bakery')).toBe(sectorOf('X9'));
    expect(SECTORS).toContain(sectorOf('X9'));
  });
});
