import { analyseComment } from '@servloop/comment-analysis';
import type { EventEnvelope } from '@servloop/schemas';
import { validExamples } from '@servloop/schemas';
import { describe, expect, it } from 'vitest';
import {
  ANALYSER_VERSION,
  COMMENT_ANALYSIS_COLUMNS,
  type CommentAnalysisRow,
  type CommentText,
  commentAnalysisRow,
  commentAnalysisRows,
  encodeAnalysis,
  encodedAnalyser,
  encodedCommentAnalysisRow,
  storedAnalysis,
} from './comments.ts';
import { type Row, type Table, toRows } from './mapping.ts';
import { labelledTexts } from './test-comments.ts';

const trace = { topic: 't', partition: 0, offset: '7' };
function envelope(file: string, id: string): EventEnvelope {
  const ex = validExamples().find((e) => e.file.includes(file))!;
  return {
    id,
    branchId: 'B001',
    schemaVersion: 1,
    receivedAt: '2026-03-02T02:30:00.000Z',
    ...ex.body,
  } as EventEnvelope;
}

/** Mapped rows of a batch, grouped by table as prepareBatch groups them. */
function mappedRows(envelopes: EventEnvelope[]): Map<Table, Row[]> {
  const rows = new Map<Table, Row[]>();
  for (const e of envelopes) {
    const result = toRows(e, trace);
    if (result.kind !== 'ok') throw new Error(`${e.id}: ${result.kind}`);
    for (const { table, row } of result.rows) rows.set(table, [...(rows.get(table) ?? []), row]);
  }
  return rows;
}

const batch = () =>
  mappedRows([
    envelope('survey.response/v1/valid/detractor-with-comment', 'evt-survey'),
    envelope('survey.response/v1/valid/promoter-kiosk', 'evt-kiosk'),
    envelope('questionnaire.window_service/v1/valid/full-questionnaire', 'evt-questionnaire'),
    envelope('complaint.filed/v1/valid/lifecycle', 'evt-complaint'),
    envelope('visit.completed/v1/valid/account-opening', 'evt-visit'),
  ]);

describe('comment analysis rows', () => {
  const rows = commentAnalysisRows(batch());
  const bySource = (source: string) => rows.filter((r) => r.source === source);

  it('one row per non-empty survey comment, questionnaire comment and complaint description', () => {
    const kioskHasComment = batch()
      .get('survey_responses_v1')!
      .some((r) => r.event_id === 'evt-kiosk' && String(r.comment).trim() !== '');
    expect(bySource('survey').map((r) => r.event_id)).toEqual(
      kioskHasComment ? ['evt-survey', 'evt-kiosk'] : ['evt-survey'],
    );
    expect(bySource('questionnaire').map((r) => r.event_id)).toEqual(['evt-questionnaire']);
    expect(bySource('complaint')).toHaveLength(1);
    expect(rows.some((r) => r.event_id === 'evt-visit')).toBe(false);
  });

  it('carries the source event, the analyser version and every column of the table', () => {
    const complaint = bySource('complaint')[0]!;
    expect(complaint).toMatchObject({
      event_id: 'evt-complaint',
      branch_id: 'B001',
      source_id: 'C-3001',
      local_date: '2026-03-02',
      occurred_at: Date.parse('2026-03-02T11:00:00+08:00'),
      analyser_version: ANALYSER_VERSION,
    });
    for (const row of rows) expect(Object.keys(row).sort()).toEqual([...COMMENT_ANALYSIS_COLUMNS].sort());
  });

  it('analyses the text: the survey comment blames attitude and waiting and asks for a call back', () => {
    const survey = bySource('survey').find((r) => r.event_id === 'evt-survey')!;
    expect(survey.topics).toContain('attitude');
    expect((survey.topic_sentiments as string[])[(survey.topics as string[]).indexOf('attitude')]).toBe(
      'negative',
    );
    expect(survey.sentiment).toBe('negative');
    expect(survey.needs_response).toBe(1);
    expect(survey.reasons).toContain('callback_requested');
    const complaint = bySource('complaint')[0]!;
    expect(complaint.reasons).toContain('privacy_at_risk');
  });

  it('a replay of the same batch gives the same rows', () => {
    expect(commentAnalysisRows(batch())).toEqual(rows);
  });

  it('maps the analysis fields as given (fake analyser)', () => {
    const seen: string[] = [];
    const fake = (text: string) => {
      seen.push(text);
      return {
        analyserVersion: 'fake-9',
        topics: [
          { dimension: 'facilities' as const, sentiment: 'mixed' as const, subtopics: [], terms: ['x'] },
          { dimension: 'process' as const, sentiment: 'neutral' as const, subtopics: [], terms: ['y'] },
        ],
        subtopics: ['signage' as const],
        sentiment: 'mixed' as const,
        needsResponse: false,
        reasons: [],
        matchedTerms: ['x', 'y'],
        truncated: true,
        analysedChars: 1000,
      };
    };
    const only = new Map<Table, Row[]>([
      [
        'survey_responses_v1',
        [
          {
            event_id: 'e1',
            branch_id: 'B9',
            response_id: 'R1',
            channel: 'sms',
            comment: '  ',
            occurred_at: 5,
            local_date: '2026-01-01',
          },
          {
            event_id: 'e2',
            branch_id: 'B9',
            response_id: 'R2',
            channel: 'kiosk',
            comment: '指示牌',
            occurred_at: 6,
            local_date: '2026-01-02',
          },
        ],
      ],
    ]);
    const out: CommentAnalysisRow[] = commentAnalysisRows(only, fake);
    expect(seen).toEqual(['指示牌']);
    expect(out).toEqual([
      {
        event_id: 'e2',
        branch_id: 'B9',
        source: 'survey',
        source_id: 'R2',
        occurred_at: 6,
        local_date: '2026-01-02',
        analyser_version: 'fake-9',
        topics: ['facilities', 'process'],
        topic_sentiments: ['mixed', 'neutral'],
        subtopics: ['signage'],
        sentiment: 'mixed',
        needs_response: 0,
        reasons: [],
        matched_terms: ['x', 'y'],
        truncated: 1,
      },
    ]);
  });
});

describe('encoded analysis rows (what the normaliser inserts)', () => {
  const texts = labelledTexts();
  // The JSONCompactEachRow line insertRows writes for a row object.
  const insertRowsLine = (row: CommentAnalysisRow) =>
    JSON.stringify(COMMENT_ANALYSIS_COLUMNS.map((column) => row[column] ?? null));

  it('are, line for line, what insertRows writes for the rows commentAnalysisRow makes', () => {
    const base = batch().get('survey_responses_v1')![0]!;
    const odd = ['"引号"\\反斜杠', '\u0000控制\u001f字符', '😀🙏', 'a\ud800b', `${'很慢'.repeat(6000)}`];
    for (const [i, text] of [...texts, ...odd].entries()) {
      const comment: CommentText = {
        base: {
          ...base,
          event_id: `e${i}`,
          occurred_at: i % 2 ? '2026-03-02 02:30:00.000' : 1772418600000 + i,
        },
        source: i % 3 ? 'survey' : 'complaint',
        sourceId: `R"${i}`,
        text,
      };
      const stored = storedAnalysis(analyseComment(text));
      const line = encodedCommentAnalysisRow(comment, encodeAnalysis(stored));
      expect(line).toBe(insertRowsLine(commentAnalysisRow(comment, stored)));
      expect(JSON.parse(line)).toHaveLength(COMMENT_ANALYSIS_COLUMNS.length);
    }
  });

  it('the analyser the normaliser runs gives the encoded analysis, remembered or not', () => {
    const remembering = encodedAnalyser(50);
    const forgetful = encodedAnalyser(0);
    for (const text of [...texts.slice(0, 100), ...texts.slice(0, 100), '无', '无'])
      expect(remembering(text)).toBe(encodeAnalysis(storedAnalysis(analyseComment(text))));
    expect(forgetful('满意')).toBe(encodeAnalysis(storedAnalysis(analyseComment('满意'))));
  });
});
