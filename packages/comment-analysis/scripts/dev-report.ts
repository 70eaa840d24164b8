// By hand while tuning on the development set: prints the evaluation and each disagreement.
import { readFileSync } from 'node:fs';
import { analyseComment, evaluate, formatEvaluation, type LabelledComment } from '../src/index.ts';

const ab: Record<string, string | undefined> = {
  attitude: 'A',
  efficiency: 'E',
  performance: 'P',
  process: 'R',
  facilities: 'F',
};
const sg: Record<string, string | undefined> = { positive: '+', negative: '-', neutral: '0', mixed: '~' };
// The development parts only (never the held-out one): dev.jsonl, or another named on the command
// line (tsx scripts/dev-report.ts -v dev-extra.jsonl).
const part = process.argv.slice(2).find((a) => a.endsWith('.jsonl')) ?? 'dev.jsonl';
if (part.includes('heldout')) throw new Error('the held-out part is not for tuning');
const rows = readFileSync(new URL(`../data/${part}`, import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as LabelledComment);
const e = evaluate(rows, analyseComment);
if (process.argv.includes('-v')) {
  for (const r of rows.filter((x) => e.disagreements.includes(x.id))) {
    const a = analyseComment(r.text);
    const want = `${sg[r.sentiment]} ${Object.entries(r.topicSentiment)
      .map(([k, v]) => `${ab[k]}${sg[v]}`)
      .join(' ')} [${r.needsResponseReasons.map((x) => x.slice(0, 5)).join(',')}]`;
    const got = `${sg[a.sentiment]} ${a.topics.map((t) => `${ab[t.dimension]}${sg[t.sentiment]}`).join(' ')} [${a.reasons.map((x) => x.slice(0, 5)).join(',')}]`;
    console.log(`${r.id.slice(4)} want ${want} | got ${got} | ${r.text} | ${a.matchedTerms.join(',')}`);
  }
}
console.log(formatEvaluation(part, e));
