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

/**
 * Comments per second over TOTAL comments (the data set repeated), by the wall clock and per
 * CPU-second of this process: on a shared host the wall clock also counts the time other
 * processes held the core, the CPU time does not (the same reason the gateway bench reports CPU
 * per event).
 */
function throughput(work: (text: string) => unknown): { wall: number; cpu: number } {
  let sink = 0;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < TOTAL; i++) {
    const out = work(texts[i % texts.length]!);
    if (out) sink++;
  }
  const cpu = process.cpuUsage(cpuStarted);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== TOTAL) throw new Error('a call returned nothing');
  return { wall: TOTAL / seconds, cpu: TOTAL / ((cpu.user + cpu.system) / 1e6) };
}

// Warm both paths (JIT, the analyser's token cache) before measuring.
throughput(segment);
throughput(analyseComment);

const best = { segment: { wall: 0, cpu: 0 }, analyse: { wall: 0, cpu: 0 } };
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so a noisy neighbour on the shared host hits both.
  const s = throughput(segment);
  const a = throughput(analyseComment);
  best.segment = { wall: Math.max(best.segment.wall, s.wall), cpu: Math.max(best.segment.cpu, s.cpu) };
  best.analyse = { wall: Math.max(best.analyse.wall, a.wall), cpu: Math.max(best.analyse.cpu, a.cpu) };
  console.log(
    `round ${round + 1}: segmentation ${fmt(s.wall)}/s (${fmt(s.cpu)} per CPU-s), analyser ${fmt(a.wall)}/s (${fmt(a.cpu)} per CPU-s)`,
  );
}
console.log(
  `comments: ${texts.length} distinct (mean ${fmt(meanChars, 1)} chars), ${fmt(TOTAL)} per measurement, best of ${ROUNDS}`,
);
console.log(
  `segmentation alone (baseline): ${fmt(best.segment.wall)} comments/s wall, ${fmt(best.segment.cpu)} per CPU-second`,
);
console.log(
  `analyser:                      ${fmt(best.analyse.wall)} comments/s wall, ${fmt(best.analyse.cpu)} per CPU-second (goal ≥ 20,000)`,
);
console.log(
  `ratio analyser / segmentation: ${fmt(best.analyse.wall / best.segment.wall, 2)} wall, ${fmt(best.analyse.cpu / best.segment.cpu, 2)} CPU`,
);
