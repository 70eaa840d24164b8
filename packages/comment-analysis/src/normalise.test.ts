// normalise() folds most texts without NFKC (a code unit at a time); it must give what the plain
// fold gives: strip, cap, NFKC, lower case, Traditional → Simplified.
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadDevelopmentParts } from './development-data.ts';
import { MAX_ANALYSED_CHARS, normalise, stripUnsafeCharacters } from './normalise.ts';
import { generatedCorpus } from './output-check.ts';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
/** The fold as analyser 1.2.0 did it, every step on every text. */
function plainFold(input: string): string {
  const capped = [...stripUnsafeCharacters(input)].slice(0, MAX_ANALYSED_CHARS).join('');
  return toSimplified(capped.normalize('NFKC').toLowerCase());
}

describe('normalise', () => {
  it('gives the plain fold on every development comment and the generated corpus', () => {
    const texts = [
      ...loadDevelopmentParts().flatMap((p) => p.comments.map((c) => c.text)),
      ...generatedCorpus(),
    ];
    const differing = texts.filter((text) => normalise(text).text !== plainFold(text));
    expect(differing).toEqual([]);
  });

  it('gives the plain fold on full-width, upper-case and combining forms', () => {
    for (const text of [
      '服务态度ＶＥＲＹ好，排队１２分钟！',
      'ABC，def？ＸＹＺ　ok',
      '等了很久，\u302a好',
      '好\u302b\u302a，差',
      'E\u0301，好',
      'Ｅ\u0301，好',
      '<\u0338，',
      'ﬁ，好',
      '服務態度，很好',
      '㈱，好',
    ])
      expect(normalise(text).text, JSON.stringify(text)).toBe(plainFold(text));
  });
});
