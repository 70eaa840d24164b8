// Diagnostic, not the bench: analyser 1.2.0 (taken from git history into generated/, gitignored)
// and this analyser in one process, interleaved, comments per CPU-second. On a loaded host the
// bench's absolute figures move with the neighbours; this says whether a change itself costs time.
//   pnpm exec tsx scripts/speed-against-1.2.0.ts        (N=60000 comments a measurement, 4 rounds)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseComment } from '../src/index.ts';
import { segment } from '../src/segment.ts';

/** The last commit of main with analyser 1.2.0. */
const ANALYSER_1_2_0_COMMIT = '7785f95';
const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const older = fileURLToPath(new URL('../generated/analyser-1.2.0/', import.meta.url));
if (!existsSync(`${older}src/comment.ts`)) {
  mkdirSync(older, { recursive: true });
  const archive = execFileSync(
    'git',
    ['archive', `${ANALYSER_1_2_0_COMMIT}:packages/comment-analysis`, 'src', 'dict', 'model'],
    { cwd: repoDir, maxBuffer: 1 << 28 },
  );
  execFileSync('tar', ['-x', '-C', older, '--exclude=*.test.ts'], { input: archive });
}
const v120 = (await import(`${older}src/comment.ts`)) as { analyseComment: typeof analyseComment };

const texts = readFileSync(new URL('../data/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const N = Number(process.env.N ?? 60_000);
const perCpuSecond = (work: (text: string) => unknown) => {
  const started = process.cpuUsage();
  for (let i = 0; i < N; i++) work(texts[i % texts.length]!);
  const used = process.cpuUsage(started);
  return N / ((used.user + used.system) / 1e6);
};
const contenders: Record<string, (text: string) => unknown> = {
  segmentation: segment,
  'analyser 1.2.0': v120.analyseComment,
  'this analyser': analyseComment,
};
for (const work of Object.values(contenders)) perCpuSecond(work);
const best: Record<string, number> = {};
for (let round = 1; round <= 4; round++) {
  const line: string[] = [];
  for (const [name, work] of Object.entries(contenders)) {
    const rate = perCpuSecond(work);
    best[name] = Math.max(best[name] ?? 0, rate);
    line.push(`${name} ${Math.round(rate)}`);
  }
  console.log(`round ${round} (per CPU-second): ${line.join(', ')}`);
}
console.log(
  `best per CPU-second: ${Object.entries(best)
    .map(([name, rate]) => `${name} ${Math.round(rate)}`)
    .join(', ')}; this / 1.2.0 = ${(best['this analyser']! / best['analyser 1.2.0']!).toFixed(2)}`,
);
