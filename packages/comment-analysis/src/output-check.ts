// What the analyser said, recorded, to prove that a change meant as a pure speed-up changes no
// output: every development comment (full JSON), a large corpus generated from them (a hash per
// comment) and the bad inputs (full JSON). scripts/record-outputs.ts writes the record from the
// code as it stands; output-check.test.ts compares the current code with it. The held-out parts
// are never read here (they score the analyser once, in evaluation.test.ts).
import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js';
import { analyseByRules } from './analyse.ts';
import { analyseComment } from './comment.ts';
import { loadDevelopmentParts } from './development-data.ts';

export const OUTPUTS_RECORD_URL = new URL('../golden/outputs-1.3.0.json', import.meta.url);

export interface OutputsRecord {
  analyserVersion: string;
  /** Development comments, by id: the full analysis, and a hash of everything (outputOf). */
  development: Record<string, { analysis: unknown; hash: string }>;
  /** Generated corpus, in generatedCorpus() order: a hash of each output. */
  generated: string[];
  /** Bad inputs, by name: the full output. */
  badInputs: Record<string, unknown>;
}

/** Everything the analyser says about a text: the combined analysis and what the rules read. */
export function outputOf(text: string): unknown {
  const rules = analyseByRules(text);
  return { analysis: analyseComment(text), rules };
}

export function hashOf(output: unknown): string {
  return createHash('sha256').update(JSON.stringify(output)).digest('hex').slice(0, 16);
}

/** A small seeded generator (LCG), so the corpus is the same on every run and machine. */
function seeded(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const SEPARATORS = [
  ',',
  '，',
  '。',
  '!',
  '！',
  '?',
  '；',
  ' ',
  '',
  '~',
  '…',
  '\n',
  '但是',
  '不过',
  '虽然',
  '而且',
];
const DECORATIONS = ['👍', '😡', '😅', '[赞]', '[发怒]', '🙏🙏', '💩', '❤️', '😭😭😭'];
const OPENERS = ['以前', '还以为', '建议', '为什么', '请问', '说好', '真是"', '连个', '麻烦', '不是'];
const CLOSERS = ['吗?', '呢', '谢谢', '!!!', '"', '了', '12345', 'ABC', '１２号窗口', '小王'];

/**
 * Comments made from the development comments' clauses, recombined and varied (Traditional
 * characters, full-width and upper-case Latin, emoji, control and zero-width characters, openers
 * and closers the rules read), so that the rules' paths are exercised far beyond the 932 texts.
 */
export function generatedCorpus(size = 6000): string[] {
  const texts = loadDevelopmentParts().flatMap((part) => part.comments.map((c) => c.text));
  const clauses = texts.flatMap((t) => t.split(/[,，。！？!?；;\s]+/)).filter((c) => c.length > 0);
  const rand = seeded(20261128);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const corpus: string[] = [];
  for (let i = 0; i < size; i++) {
    const parts = 1 + Math.floor(rand() * 4);
    let text = '';
    for (let p = 0; p < parts; p++) {
      if (p > 0) text += pick(SEPARATORS);
      text += rand() < 0.15 ? pick(texts) : pick(clauses);
    }
    if (rand() < 0.15) text = pick(OPENERS) + text;
    if (rand() < 0.15) text += pick(CLOSERS);
    if (rand() < 0.1) text += pick(DECORATIONS);
    if (rand() < 0.08) text = toTraditional(text);
    if (rand() < 0.05)
      text = text.replace(/[0-9a-z,!?]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    if (rand() < 0.04) text = text.toUpperCase();
    if (rand() < 0.04) {
      const at = Math.floor(rand() * (text.length + 1));
      text =
        text.slice(0, at) + pick(['\u0000', '\u200b', '\t', '\r\n', '\u202e', '\ud800']) + text.slice(at);
    }
    corpus.push(text);
  }
  return corpus;
}

/** Inputs no customer should send but some will. */
export function badInputs(): Record<string, string> {
  const long = '柜员态度很好,但是排队等了两个小时,取号机坏了😡。'.repeat(400);
  return {
    empty: '',
    spaces: '   \n\t  ',
    'ten thousand chars': long.slice(0, 10_000),
    'ten thousand chars, no punctuation': '慢'.repeat(10_000),
    'only emoji': '😡😡😡👍🙏💩',
    'only sticker brackets': '[赞][赞][发怒]',
    'mixed scripts': 'Service was 很慢!! 店员 rude, 서비스 나빠요, サービスが遅い, обслуживание ужасное',
    'control characters': '态\u0000度\u0007很\u001b好\u007f,\u0085等\u009f太久',
    'zero-width and bidi': '\u200b\u202e服务\u2060态度\ufeff差\u202c',
    'lone surrogates': '好\ud800评\udc00,\udbff',
    'full-width': 'ＡＢＣ１２３，服务态度ＶＥＲＹ好！',
    traditional: '服務態度很好，但是排隊太久！櫃員說話難聽',
    digits: '1234567890',
    punctuation: ',,,。。。!!!???',
    latin: 'the staff were very slow and rude',
    'not a string': undefined as unknown as string,
  };
}

/** The record of what the code as it stands says (scripts/record-outputs.ts writes it). */
export function recordOutputs(analyserVersion: string): OutputsRecord {
  const development: OutputsRecord['development'] = {};
  for (const part of loadDevelopmentParts())
    for (const comment of part.comments)
      development[comment.id] = {
        analysis: analyseComment(comment.text),
        hash: hashOf(outputOf(comment.text)),
      };
  const badInputsOut: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(badInputs())) badInputsOut[name] = outputOf(text);
  return {
    analyserVersion,
    development,
    generated: generatedCorpus().map((text) => hashOf(outputOf(text))),
    badInputs: badInputsOut,
  };
}
