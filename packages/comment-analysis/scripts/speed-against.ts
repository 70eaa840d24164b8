// Diagnostic beside the bench: an earlier analyser (taken from git history into generated/,
// gitignored) and this one in one process, interleaved, comments per CPU-second over the dev
// comments. On a loaded host the bench's absolute figures move with the neighbours; a same-process
// A/B says whether a change itself costs or saves time.
//   pnpm exec tsx scripts/speed-against.ts 1.3.0     (N=60000 comments a measurement, ROUNDS=4)
//   pnpm exec tsx scripts/speed-against.ts 1.2.0
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseComment } from '../src/index.ts';
import { segment } from '../src/segment.ts';

/** The last commit of main with each earlier analyser. */
const COMMITS: Record<string, string> = {
  '1.2.0': '7785f95',
  // 1.3.0 as released, before the speed-up of issue 13 (same outputs, see output-check.test.ts).
  '1.3.0': '480d5ef',
};
const version = process.argv[2] ?? '1.3.0';
const commit = COMMITS[version];
if (!commit) throw new Error(`unknown analyser ${version}; known: ${Object.keys(COMMITS).join(', ')}`);
const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const older = fileURLToPath(new URL(`../generated/analyser-${version}/`, import.meta.url));
if (!existsSync(`${older}src/comment.ts`)) {
  mkdirSync(older, { recursive: true });
  const archive = execFileSync(
    'git',
    ['archive', `${commit}:packages/comment-analysis`, 'src', 'dict', 'model'],
    {
      cwd: repoDir,
      maxBuffer: 1 << 28,
    },
  );
  execFileSync('tar', ['-x', '-C', older, '--exclude=*.test.ts'], { input: archive });
}
const earlier = (await import(`${older}src/comment.ts`)) as { analyseComment: typeof analyseComment };

const texts = readFileSync(new URL('../data/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const N = Number(process.env.N ?? 60_000);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const perCpuSecond = (work: (text: string) => unknown) => {
  const started = process.cpuUsage();
  for (let i = 0; i < N; i++) work(texts[i % texts.length]!);
  const used = process.cpuUsage(started);
  return N / ((used.user + used.system) / 1e6);
};
const contenders: Record<string, (text: string) => unknown> = {
  segmentation: segment,
  [`analyser ${version}`]: earlier.analyseComment,
  'this analyser': analyseComment,
};
for (const work of Object.values(contenders)) perCpuSecond(work);
const best: Record<string, number> = {};
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const line: string[] = [];
  const rates: Record<string, number> = {};
  for (const [name, work] of Object.entries(contenders)) {
    rates[name] = perCpuSecond(work);
    best[name] = Math.max(best[name] ?? 0, rates[name]);
    line.push(`${name} ${Math.round(rates[name])}`);
  }
  ratios.push(rates['this analyser']! / rates[`analyser ${version}`]!);
  console.log(`round ${round} (per CPU-second): ${line.join(', ')}; ratio ${ratios.at(-1)!.toFixed(2)}`);
}
ratios.sort((a, b) => a - b);
console.log(
  `n=${N} comments a measurement (${texts.length} distinct), ${ROUNDS} rounds; best per CPU-second: ${Object.entries(
    best,
  )
    .map(([name, rate]) => `${name} ${Math.round(rate)}`)
    .join(
      ', ',
    )}; this / ${version}: best ${(best['this analyser']! / best[`analyser ${version}`]!).toFixed(2)}, ` +
    `per round min ${ratios[0]!.toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)}`,
);
