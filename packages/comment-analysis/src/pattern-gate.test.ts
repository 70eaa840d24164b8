// The pre-check may skip a pattern only when the pattern would find nothing: its first-character
// sets hold the first character of every match, by construction (small cases) and on every
// development comment and the generated corpus (every pattern the analyser gates).
import { describe, expect, it } from 'vitest';
import { GATED_PATTERNS } from './analyse.ts';
import { loadDevelopmentParts } from './development-data.ts';
import { normalise } from './normalise.ts';
import { generatedCorpus } from './output-check.ts';
import { firstCodeUnits, PatternGate } from './pattern-gate.ts';
import { REASON_PATTERNS } from './reasons.ts';

const chars = (set: ReadonlySet<number> | undefined) =>
  set === undefined ? undefined : [...set].sort((a, b) => a - b).map((c) => String.fromCharCode(c));

describe('first characters of a pattern', () => {
  it('alternatives, optional and repeated parts, classes, escapes, look-arounds', () => {
    expect(chars(firstCodeUnits(/abc|d/))).toEqual(['a', 'd']);
    expect(chars(firstCodeUnits(/(x)?y/))).toEqual(['x', 'y']);
    expect(chars(firstCodeUnits(/(?:x|)z{0,2}w/))).toEqual(['w', 'x', 'z']);
    expect(chars(firstCodeUnits(/[0-2a]+b/))).toEqual(['0', '1', '2', 'a']);
    expect(chars(firstCodeUnits(/\d+号/))).toEqual([...'0123456789']);
    expect(chars(firstCodeUnits(/(?<!q)z(?!y)/))).toEqual(['z']);
    expect(chars(firstCodeUnits(/^等$/))).toEqual(['等']);
    expect(chars(firstCodeUnits(/\[赞\]|\u6392/))).toEqual(['[', '排']);
    expect(firstCodeUnits(/😀|👍/u)).toEqual(new Set([0xd83d]));
  });

  it('shapes no analyser pattern uses yet: quantified look-aheads, escaped surrogates under u', () => {
    // (?=x)? consumes nothing: the match starts at a.
    expect(chars(firstCodeUnits(/(?=x)?abc/))).toEqual(['a']);
    const gate = new PatternGate([/(?=x)?abc/]);
    gate.scan('abc');
    expect(gate.may(0)).toBe(true);
    // \uD83D\uDE00 is one character under u, made optional whole by the ?: x alone matches.
    expect(/\uD83D\uDE00?x/u.test('x')).toBe(true);
    expect(firstCodeUnits(/\uD83D\uDE00?x/u)).toBeUndefined();
  });

  it('\\s: exactly the code units that \\s matches', () => {
    const whiteSpace = firstCodeUnits(/\s/)!;
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++)
      if (whiteSpace.has(code) !== /\s/.test(String.fromCharCode(code))) wrong.push(code.toString(16));
    expect(wrong).toEqual([]);
  });

  it('unbounded: may match nothing, or start with any character', () => {
    expect(firstCodeUnits(/a*/)).toBeUndefined();
    expect(firstCodeUnits(/x|(y)?/)).toBeUndefined();
    expect(firstCodeUnits(/.b/)).toBeUndefined();
    expect(firstCodeUnits(/[^a]b/)).toBeUndefined();
    expect(firstCodeUnits(/\p{L}b/u)).toBeUndefined();
    expect(firstCodeUnits(/ab/i)).toBeUndefined();
  });

  it('bounds every pattern the analyser gates (else the gate would save nothing)', () => {
    for (const pattern of [...GATED_PATTERNS, ...REASON_PATTERNS])
      expect(firstCodeUnits(pattern), pattern.source.slice(0, 40)).toBeDefined();
  });
});

describe('the gate never skips a pattern that matches', () => {
  const patterns = [...GATED_PATTERNS, ...REASON_PATTERNS];
  const gate = new PatternGate(patterns);
  const firsts = patterns.map(firstCodeUnits);
  const texts = [
    ...loadDevelopmentParts().flatMap((part) => part.comments.map((c) => c.text)),
    ...generatedCorpus(),
  ].map((text) => normalise(text).text);

  it('on every development comment and the generated corpus, every match starts in its set', () => {
    let matches = 0;
    let skipped = 0;
    for (const text of texts) {
      gate.scan(text);
      patterns.forEach((pattern, i) => {
        const everyMatch = new RegExp(
          pattern.source,
          pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
        );
        let found = false;
        for (const m of text.matchAll(everyMatch)) {
          found = true;
          matches++;
          expect(firsts[i]!.has(text.charCodeAt(m.index)), `${pattern.source.slice(0, 30)} in ${text}`).toBe(
            true,
          );
        }
        if (found) expect(gate.may(i)).toBe(true);
        else if (!gate.may(i)) skipped++;
      });
    }
    // The check saw matches of the patterns, and the gate does skip most runs.
    expect(matches).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan((texts.length * patterns.length) / 2);
    console.log(
      `pattern gate: ${texts.length} texts × ${patterns.length} patterns, ${matches} matches, ${skipped} runs skipped (${((100 * skipped) / (texts.length * patterns.length)).toFixed(1)} %)`,
    );
  });
});
