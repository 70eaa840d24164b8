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
/**
 * Comments per CPU-second of each contender over N comments, measured in slices of CHUNK
 * comments taken in turn (A, B, C, A, B, C …): a neighbour's burst on the shared host then falls
 * on all of them alike, instead of on whichever ran during it.
 */
const CHUNK = 1_000;
const contenders: Record<string, (text: string) => unknown> = {
  segmentation: segment,
  [`analyser ${version}`]: earlier.analyseComment,
  'this analyser': analyseComment,
};
const names = Object.keys(contenders);
function round(): Record<string, number> {
  const micros: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  let next = 0;
  for (let done = 0; done < N; done += CHUNK) {
    for (const name of names) {
      const work = contenders[name]!;
      const started = process.cpuUsage();
      for (let i = 0; i < CHUNK; i++) work(texts[(next + i) % texts.length]!);
      const used = process.cpuUsage(started);
      micros[name]! += used.user + used.system;
    }
    next += CHUNK;
  }
  return Object.fromEntries(names.map((name) => [name, N / (micros[name]! / 1e6)]));
}
round(); // warm-up: JIT, the analysers' word caches
const best: Record<string, number> = {};
const ratios: number[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  const rates = round();
  for (const name of names) best[name] = Math.max(best[name] ?? 0, rates[name]!);
  ratios.push(rates['this analyser']! / rates[`analyser ${version}`]!);
  console.log(
    `round ${r} (per CPU-second): ${names.map((name) => `${name} ${Math.round(rates[name]!)}`).join(', ')}; ratio ${ratios.at(-1)!.toFixed(2)}`,
  );
}
ratios.sort((a, b) => a - b);
const median = ratios[Math.floor((ratios.length - 1) / 2)]!;
console.log(
  `n=${N} comments a measurement (${texts.length} distinct, slices of ${CHUNK} in turn), ${ROUNDS} rounds; best per CPU-second: ${names
    .map((name) => `${name} ${Math.round(best[name]!)}`)
    .join(
      ', ',
    )}; this / ${version}: median ${median.toFixed(2)}, min ${ratios[0]!.toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)}`,
);
