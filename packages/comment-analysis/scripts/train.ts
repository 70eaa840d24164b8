// Trains the learnt model on the development parts and writes model/comment-model.json.
//   pnpm --filter @servloop/comment-analysis train
// 1. Selection (L2 penalty, rule features or not, combination policy) on the proxy of unseen
//    comments: the rules of analyser 1.0.0, taken from git history into generated/ (gitignored),
//    were tuned on dev only; leave one development part out (train.ts, selectByProxy, says why).
// 2. Report the current rules alone and with the model: 5-fold CV on all development parts, per
//    fold, and leave one part out; then train the shipped model on all parts.
// The held-out part is never read here.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDevelopmentParts } from '../src/development-data.ts';
import { MODEL_URL } from '../src/model.ts';
import { reportAndTrain, selectByProxy } from '../src/train.ts';
import type { CommentAnalysis } from '../src/types.ts';

/** The last commit with analyser 1.0.0 (its successor, 1ba65cf, is 1.1.0, tuned on dev-extra). */
const RULES_1_0_0_COMMIT = '1ba65cf^';
const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const older = fileURLToPath(new URL('../generated/rules-1.0.0/', import.meta.url));
if (!existsSync(`${older}src/analyse.ts`)) {
  mkdirSync(older, { recursive: true });
  const archive = execFileSync(
    'git',
    ['archive', `${RULES_1_0_0_COMMIT}:packages/comment-analysis`, 'src', 'dict'],
    { cwd: repoDir, maxBuffer: 1 << 28 },
  );
  execFileSync('tar', ['-x', '-C', older, '--exclude=*.test.ts'], { input: archive });
}
const rules100 = (await import(`${older}src/analyse.ts`)) as {
  ANALYSER_VERSION: string;
  analyseComment: (text: string) => CommentAnalysis;
};
if (rules100.ANALYSER_VERSION !== 'servloop-comments-1.0.0') throw new Error('not the 1.0.0 rules');

const parts = loadDevelopmentParts();
const selection = selectByProxy(parts, rules100.analyseComment, new Set(['dev.jsonl']), (line) =>
  console.log(line),
);
console.log(selection.report);
const { file, report } = reportAndTrain(parts, selection.options, selection.policy, {
  selectedOn: `leave one development part out, scored with the rules of 1.0.0 (${RULES_1_0_0_COMMIT} = ${execFileSync('git', ['rev-parse', RULES_1_0_0_COMMIT], { cwd: repoDir }).toString().trim()}), which were tuned on dev.jsonl only`,
  proxy: selection.proxy,
});
const json = `${JSON.stringify(file)}\n`;
writeFileSync(MODEL_URL, json);
console.log(report);
console.log(
  `wrote ${fileURLToPath(MODEL_URL)}: ${Object.keys(file.weights).length} features, ${json.length} bytes, sha256 ${createHash('sha256').update(json).digest('hex')}`,
);
