// Comment analyser throughput on one core (goal ≥ 20,000 comments/s), against segmentation alone
// (the jieba cut the analyser starts from) measured in the same run over the same comments.
//   pnpm --filter @servloop/bench comments
import { readFileSync } from 'node:fs';
import { analyseByRules, analyseComment, segment } from '@servloop/comment-analysis';
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

// Warm the paths (JIT, the analyser's token cache) before measuring.
throughput(segment);
throughput(analyseByRules);
throughput(analyseComment);

const best = { segment: { wall: 0, cpu: 0 }, rules: { wall: 0, cpu: 0 }, analyse: { wall: 0, cpu: 0 } };
const better = (a: { wall: number; cpu: number }, b: { wall: number; cpu: number }) => ({
  wall: Math.max(a.wall, b.wall),
  cpu: Math.max(a.cpu, b.cpu),
});
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so a noisy neighbour on the shared host hits all three.
  const s = throughput(segment);
  const r = throughput(analyseByRules);
  const a = throughput(analyseComment);
  best.segment = better(best.segment, s);
  best.rules = better(best.rules, r);
  best.analyse = better(best.analyse, a);
  console.log(
    `round ${round + 1}: segmentation ${fmt(s.wall)}/s (${fmt(s.cpu)} per CPU-s), rules alone ${fmt(r.wall)}/s (${fmt(r.cpu)} per CPU-s), analyser (rules + model) ${fmt(a.wall)}/s (${fmt(a.cpu)} per CPU-s)`,
  );
}
console.log(
  `comments: ${texts.length} distinct (mean ${fmt(meanChars, 1)} chars), ${fmt(TOTAL)} per measurement, best of ${ROUNDS}`,
);
console.log(
  `segmentation alone (baseline): ${fmt(best.segment.wall)} comments/s wall, ${fmt(best.segment.cpu)} per CPU-second`,
);
console.log(
  `rules alone (no model):        ${fmt(best.rules.wall)} comments/s wall, ${fmt(best.rules.cpu)} per CPU-second`,
);
console.log(
  `analyser (rules + model):      ${fmt(best.analyse.wall)} comments/s wall, ${fmt(best.analyse.cpu)} per CPU-second (goal ≥ 20,000)`,
);
console.log(
  `ratio analyser / segmentation: ${fmt(best.analyse.wall / best.segment.wall, 2)} wall, ${fmt(best.analyse.cpu / best.segment.cpu, 2)} CPU`,
);
