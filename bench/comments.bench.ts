// Comment analyser throughput on one core (goal ≥ 20,000 comments/s), against segmentation alone
// (the jieba cut the analyser starts from) measured in the same run over the same comments.
//   pnpm --filter @servloop/bench comments
import { readFileSync } from 'node:fs';
import { analyseComment, segment } from '@servloop/comment-analysis';
import { fmt } from './common.ts';

const TOTAL = Number(process.env.BENCH_COMMENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const texts = readFileSync(new URL('../packages/comment-analysis/data/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const meanChars = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;

/** Comments per second over TOTAL comments (the data set repeated). */
function throughput(work: (text: string) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < TOTAL; i++) {
    const out = work(texts[i % texts.length]!);
    if (out) sink++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== TOTAL) throw new Error('a call returned nothing');
  return TOTAL / seconds;
}

// Warm both paths (JIT, the analyser's token cache) before measuring.
throughput(segment);
throughput(analyseComment);

let bestSegment = 0;
let bestAnalyse = 0;
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so a noisy neighbour on the shared host hits both.
  const s = throughput(segment);
  const a = throughput(analyseComment);
  bestSegment = Math.max(bestSegment, s);
  bestAnalyse = Math.max(bestAnalyse, a);
  console.log(`round ${round + 1}: segmentation ${fmt(s)} comments/s, analyser ${fmt(a)} comments/s`);
}
console.log(
  `comments: ${texts.length} distinct (mean ${fmt(meanChars, 1)} chars), ${fmt(TOTAL)} per measurement, best of ${ROUNDS}`,
);
console.log(`segmentation alone (baseline): ${fmt(bestSegment)} comments/s`);
console.log(`analyser:                      ${fmt(bestAnalyse)} comments/s (goal ≥ 20,000)`);
console.log(`ratio analyser / segmentation: ${fmt(bestAnalyse / bestSegment, 2)}`);
