// Where a comment's cost goes in the normaliser, against the survey row it comes with, in the same
// run: analysing it (no cache), encoding it, and inserting its comment_analysis_v1 row into chDB,
// beside inserting the survey rows (with their materialised views) in the same session. The
// normaliser's inserts go through one chDB session, one after another, so the comment insert's
// wall time over the survey insert's is what analysis costs the normaliser's rows/s when the
// analysis itself is remembered or runs on an idle core.
//   pnpm --filter @servloop/bench comment-insert
import { loadavg } from 'node:os';
import { analyseComment } from '@servloop/comment-analysis';
import {
  COLUMNS,
  COMMENT_ANALYSIS_COLUMNS,
  commentTexts,
  encodeAnalysis,
  encodedCommentAnalysisRow,
  storedAnalysis,
  toRows,
} from '@servloop/normaliser';
import { insertEncodedRows, insertRows } from '@servloop/warehouse';
import { benchWarehouse, fmt, labelledTexts, surveyEnvelope } from './common.ts';

const SURVEYS = 15_000; // a Kafka batch of the normaliser bench is of this order
const COMMENT_EVERY = Number(process.env.BENCH_COMMENT_EVERY ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const texts = labelledTexts();

function surveyRows(round: number) {
  return Array.from({ length: SURVEYS }, (_, j) => {
    const i = round * SURVEYS + j;
    const comment = i % COMMENT_EVERY === 0 ? texts[Math.floor(i / COMMENT_EVERY) % texts.length]! : '';
    const result = toRows(surveyEnvelope(`e${i}`, i, comment), {
      topic: 't',
      partition: 0,
      offset: String(i),
    });
    if (result.kind !== 'ok') throw new Error('mapping failed');
    return result.rows[0]!.row;
  });
}

/** Wall and CPU (all threads) milliseconds of `work`. */
async function timed(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

const warehouse = await benchWarehouse('comment-insert');
for (let i = 0; i < 2000; i++) analyseComment(texts[i % texts.length]!); // JIT warm-up
const runs: Record<'analyse' | 'encode' | 'survey' | 'comment', { wall: number; cpu: number }[]> = {
  analyse: [],
  encode: [],
  survey: [],
  comment: [],
};
let comments = 0;
for (let round = 0; round < ROUNDS; round++) {
  const surveys = surveyRows(round);
  const batch = commentTexts(new Map([['survey_responses_v1', surveys]]));
  comments = batch.length;
  let stored: ReturnType<typeof storedAnalysis>[] = [];
  runs.analyse.push(await timed(() => (stored = batch.map((c) => storedAnalysis(analyseComment(c.text))))));
  let lines: string[] = [];
  runs.encode.push(
    await timed(
      () => (lines = batch.map((c, i) => encodedCommentAnalysisRow(c, encodeAnalysis(stored[i]!)))),
    ),
  );
  runs.survey.push(
    await timed(() =>
      insertRows(warehouse, 'survey_responses_v1', COLUMNS.survey_responses_v1, surveys, {
        deduplicationToken: `s${round}`,
      }),
    ),
  );
  runs.comment.push(
    await timed(() =>
      insertEncodedRows(warehouse, 'comment_analysis_v1', COMMENT_ANALYSIS_COLUMNS, lines, {
        deduplicationToken: `c${round}`,
      }),
    ),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = (kind: keyof typeof runs, of: 'wall' | 'cpu') => median(runs[kind].map((r) => r[of]));
const perRow = (kind: keyof typeof runs, rows: number) =>
  `${fmt((1000 * m(kind, 'cpu')) / rows, 1)} µs CPU, ${fmt((1000 * m(kind, 'wall')) / rows, 1)} µs wall`;
console.log(
  `batch: ${fmt(SURVEYS)} survey rows, ${fmt(comments)} with a comment (labelled texts); medians of ${ROUNDS} rounds; host load (1-min) ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `per comment:    analyse (no cache) ${perRow('analyse', comments)}; encode ${perRow('encode', comments)}`,
);
console.log(`                insert into comment_analysis_v1 ${perRow('comment', comments)}`);
console.log(`per survey row: insert into survey_responses_v1 (and its views) ${perRow('survey', SURVEYS)}`);
console.log(
  `the batch's comment insert over its survey insert: ${(m('comment', 'wall') / m('survey', 'wall')).toFixed(2)} wall, ${(m('comment', 'cpu') / m('survey', 'cpu')).toFixed(2)} CPU; with analysis free, on/off rows/s is at most ${(m('survey', 'wall') / (m('survey', 'wall') + m('comment', 'wall'))).toFixed(2)} while inserts bound the normaliser`,
);
await warehouse.close();
process.exit(0);
