// The comment analyser says what analyser 1.3.0 said about 4,000 simulated comments (recorded
// before the speed-up of issue 13, see analyser-outputs.ts): the speed-up changed no output.
import { readFileSync } from 'node:fs';
import { ANALYSER_VERSION } from '@servloop/comment-analysis';
import { describe, expect, it } from 'vitest';
import { ANALYSER_OUTPUTS_URL, analyserOutputHash, simulatedComments } from './analyser-outputs.ts';

const record = JSON.parse(readFileSync(ANALYSER_OUTPUTS_URL, 'utf8')) as {
  analyserVersion: string;
  hashes: string[];
};

describe('the analyser on simulated comments', () => {
  it('says what the recorded analyser said, comment by comment', () => {
    expect(ANALYSER_VERSION).toBe(record.analyserVersion);
    const texts = simulatedComments();
    expect(texts.length).toBe(record.hashes.length);
    const differing = texts.filter((text, i) => analyserOutputHash(text) !== record.hashes[i]);
    expect(differing).toEqual([]);
    // The corpus is varied: many distinct comments, not a few repeated.
    expect(new Set(texts).size).toBeGreaterThan(1000);
  });
});
