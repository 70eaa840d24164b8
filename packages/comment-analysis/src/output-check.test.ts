// The analyser says what analyser 1.3.0 said, on every development comment, a generated corpus of
// 6,000 and the bad inputs: the 1.3.0 speed-up changed no output (ANALYSER_VERSION stays, replay
// gives the same rows). The record was written by scripts/record-outputs.ts before that change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSER_VERSION } from './analyse.ts';
import { analyseComment } from './comment.ts';
import { loadDevelopmentParts } from './development-data.ts';
import {
  badInputs,
  generatedCorpus,
  hashOf,
  OUTPUTS_RECORD_URL,
  type OutputsRecord,
  outputOf,
} from './output-check.ts';

const record = JSON.parse(readFileSync(OUTPUTS_RECORD_URL, 'utf8')) as OutputsRecord;

describe('outputs as recorded from analyser 1.3.0', () => {
  it('is the version the record was taken from', () => {
    expect(ANALYSER_VERSION).toBe(record.analyserVersion);
  });

  it('every development comment: the same analysis and the same rules reading', () => {
    const comments = loadDevelopmentParts().flatMap((part) => part.comments);
    expect(comments.length).toBe(Object.keys(record.development).length);
    const differing: string[] = [];
    for (const c of comments) {
      const recorded = record.development[c.id]!;
      expect(analyseComment(c.text), c.id).toEqual(recorded.analysis);
      if (hashOf(outputOf(c.text)) !== recorded.hash) differing.push(`${c.id} ${c.text}`);
    }
    expect(differing).toEqual([]);
  });

  it('every comment of the generated corpus', () => {
    const corpus = generatedCorpus();
    expect(corpus.length).toBe(record.generated.length);
    const differing: string[] = [];
    corpus.forEach((text, i) => {
      if (hashOf(outputOf(text)) !== record.generated[i]) differing.push(`#${i} ${JSON.stringify(text)}`);
    });
    expect(differing).toEqual([]);
  });

  it('every bad input', () => {
    const inputs = badInputs();
    expect(Object.keys(inputs)).toEqual(Object.keys(record.badInputs));
    for (const [name, text] of Object.entries(inputs))
      expect(JSON.parse(JSON.stringify(outputOf(text))), name).toEqual(record.badInputs[name]);
  });
});
