import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineCommentAnalyser, threadedCommentAnalyser } from './comment-threads.ts';
import { labelledTexts } from './test-comments.ts';

const texts = labelledTexts();

describe('comment analysis on analyser threads', () => {
  const threaded = threadedCommentAnalyser(2);
  afterAll(() => threaded.close());

  it('gives what analysing in line gives, in the order of the texts, for requests in flight together', async () => {
    await threaded.ready();
    const inline = inlineCommentAnalyser();
    const parts = [texts.slice(0, 100), texts.slice(100, 220), texts.slice(220), ['', '😀', 'a\u0000b']];
    const together = await Promise.all(parts.map((part) => threaded.analyse(part)));
    for (let i = 0; i < parts.length; i++) expect(together[i]).toEqual(await inline.analyse(parts[i]!));
    expect(together.flat()).toHaveLength(texts.length + 3);
  });

  it('a remembered analysis is the analysis: texts seen before give what a thread without a cache gives', async () => {
    const forgetful = threadedCommentAnalyser(1, { cacheSize: 0 });
    try {
      const again = [...texts.slice(0, 50), ...texts.slice(0, 50), '无', '无', '满意'];
      const remembered = await threaded.analyse(again);
      expect(remembered).toEqual(await forgetful.analyse(again));
      expect(remembered).toEqual(await inlineCommentAnalyser({ cacheSize: 0 }).analyse(again));
    } finally {
      await forgetful.close();
    }
  });

  it('answers an empty request without a thread, and refuses once closed', async () => {
    expect(await threaded.analyse([])).toEqual([]);
    const closing = threadedCommentAnalyser(1);
    await closing.close();
    await expect(closing.analyse(['很好'])).rejects.toThrow(/closed/);
  });

  it('a low-priority analyser thread runs at nice 19, and the default one at the process priority', async () => {
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (fields counted after the
    // command name, which is in parentheses and may hold spaces).
    const niceOf = (tid: number) => {
      const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
    };
    const low = threadedCommentAnalyser(1, { lowPriority: true });
    try {
      await low.ready();
      const [lowTid] = low.osThreadIds();
      expect(lowTid).toBeGreaterThan(0);
      expect(niceOf(lowTid!)).toBe(19);
      await threaded.ready();
      const normal = threaded.osThreadIds();
      expect(normal).toHaveLength(2);
      for (const tid of normal) expect(niceOf(tid)).toBe(niceOf(process.pid));
      // Still the same analyses.
      expect(await low.analyse(texts.slice(0, 20))).toEqual(
        await inlineCommentAnalyser().analyse(texts.slice(0, 20)),
      );
    } finally {
      await low.close();
    }
  });
});
