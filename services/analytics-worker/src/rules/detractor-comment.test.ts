import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as C } from '../config.ts';
import { detractorComment } from './detractor-comment.ts';
import { facts } from './test-facts.ts';

describe('detractor-comment rule', () => {
  it('no detractor comments: no alert', () => {
    expect(detractorComment.evaluate(facts(), C)).toEqual([]);
    expect(
      detractorComment.evaluate(
        facts({ detractorDays: [{ localDate: '2026-03-15', count: 0, sample: '' }] }),
        C,
      ),
    ).toEqual([]);
  });
  it('one alert per local day, quoting a comment, in Chinese first', () => {
    const out = detractorComment.evaluate(
      facts({
        detractorDays: [
          { localDate: '2026-03-14', count: 1, sample: '等候时间太长' },
          { localDate: '2026-03-15', count: 3, sample: '态度冷淡' },
        ],
      }),
      C,
    );
    expect(out.map((a) => a.key)).toEqual([
      'detractor-comment|B1|2026-03-14',
      'detractor-comment|B1|2026-03-15',
    ]);
    expect(out[1]!.subject['zh-CN']).toBe('网点 B1 2026-03-15 有贬损者留言(3 条)');
    expect(out[1]!.lines[0]!['zh-CN']).toBe('例如:「态度冷淡」');
    expect(out[1]!.figures.detractorsWithComment).toBe(3);
  });
  it('is switched by configuration', () => {
    expect(
      detractorComment.enabled({ ...C, detractorComment: { ...C.detractorComment, enabled: false } }),
    ).toBe(false);
    expect(detractorComment.enabled(C)).toBe(true);
  });
});
