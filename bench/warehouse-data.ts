// Generated survey data for the warehouse benches, made inside ClickHouse itself (INSERT … SELECT
// FROM numbers()), so ten million rows take seconds, not the minutes a client-side insert would.
import type { Warehouse } from '@servloop/warehouse';

export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北', '京津', '长三角', '珠三角'];

export interface GeneratedData {
  responses: number;
  answers: number;
  /** Row numbers start here (default 0): a second call with offset = the first's count adds new rows, not copies. */
  offset?: number;
  branches: number;
  /** Days of history, ending at `lastDay`. */
  days: number;
  /** YYYY-MM-DD, the newest local day. */
  lastDay: string;
}

/** Branches B000…, each in one of REGIONS (branch i → region i mod 10). */
export async function generateBranches(w: Warehouse, branches: number): Promise<void> {
  await w.client.command({
    query: `INSERT INTO branches_v1 (branch_id, name, region, updated_at)
            SELECT concat('B', leftPad(toString(number), 3, '0')), concat('第', toString(number + 1), '营业厅'),
                   [${REGIONS.map((r) => `'${r}'`).join(', ')}][number % ${REGIONS.length} + 1], now64(3)
            FROM numbers(${branches})`,
  });
}

/**
 * Survey responses and questionnaire answers spread evenly over the branches and days. NPS leans
 * per branch (branch number mod 4 shifts it), so a ranking has something to rank; one response in 40
 * carries a comment; CSAT 1–5 and CES 1–7 on every response.
 */
export async function generateSurveyData(w: Warehouse, d: GeneratedData): Promise<void> {
  const branch = (n: string) => `concat('B', leftPad(toString(${n} % ${d.branches}), 3, '0'))`;
  const second = (n: string) => `(${n} * 7919) % (${d.days} * 86400)`;
  const first = `toDateTime64(toDate('${d.lastDay}') - ${d.days - 1}, 3, 'UTC')`;
  const firstDay = `toDate('${d.lastDay}') - ${d.days - 1}`;
  const nps = `least(10, toUInt8(cityHash64(number) % 11 + (number % ${d.branches}) % 4))`;
  await w.client.command({
    query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, visit_id, customer_key, channel, language, nps, nps_category, csat, ces, comment, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('e', toString(number)), ${branch('number')}, concat('R', toString(number)), '',
                   concat('C', toString(number % 1000003)), 'sms', 'zh-CN',
                   ${nps} AS v, multiIf(v >= 9, 'promoter', v >= 7, 'passive', 'detractor'),
                   toUInt8(1 + cityHash64(number, 1) % 5), toUInt8(1 + cityHash64(number, 2) % 7),
                   if(number % 40 = 0, if(v <= 6, '等候时间太长,柜员也不耐烦。', '柜员态度很好,办理很快。'), ''),
                   ${first} + toIntervalSecond(${second('number')}), ${firstDay} + intDiv(${second('number')}, 86400),
                   now64(3), 'bench', 0, number
            FROM numbers(${d.offset ?? 0}, ${d.responses})`,
    clickhouse_settings: { max_insert_threads: '2' },
  });
  // Five answers per questionnaire (one per quality dimension), each questionnaire one visit.
  await w.client.command({
    query: `INSERT INTO questionnaire_answers_v1 (event_id, branch_id, response_id, visit_id, customer_key, questionnaire_id, questionnaire_version, item_id, quality_type, dimension, servqual_dimension, expectation, perception, gap, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('q', toString(intDiv(number, 5))), ${branch('intDiv(number, 5)')}, '', '', '', 'window-service', 1,
                   ['attitude.courtesy', 'efficiency.short_wait', 'performance.trust', 'process.accuracy', 'facilities.amenities'][number % 5 + 1],
                   if(number % 5 = 4, 'hard', 'soft'),
                   ['attitude', 'efficiency', 'performance', 'process', 'facilities'][number % 5 + 1],
                   ['empathy', 'responsiveness', 'assurance', 'reliability', 'tangibles'][number % 5 + 1],
                   toUInt8(4 + cityHash64(number) % 2) AS e, toUInt8(1 + cityHash64(number, 1) % 5) AS p, toInt8(p) - toInt8(e),
                   ${first} + toIntervalSecond(${second('intDiv(number, 5)')}), ${firstDay} + intDiv(${second('intDiv(number, 5)')}, 86400),
                   now64(3), 'bench', 0, number
            FROM numbers(${d.offset ?? 0}, ${d.answers})`,
    clickhouse_settings: { max_insert_threads: '2' },
  });
}
