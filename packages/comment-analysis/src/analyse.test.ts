import { describe, expect, it } from 'vitest';
import { ANALYSER_VERSION, analyseComment } from './analyse.ts';
import { MAX_ANALYSED_CHARS, normalise, stripUnsafeCharacters } from './normalise.ts';
import { segment } from './segment.ts';
import type { Dimension, Sentiment } from './types.ts';

const topicsOf = (text: string): Record<string, Sentiment> =>
  Object.fromEntries(analyseComment(text).topics.map((t) => [t.dimension, t.sentiment]));
const topic = (text: string, dimension: Dimension) =>
  analyseComment(text).topics.find((t) => t.dimension === dimension);

describe('normalisation and segmentation', () => {
  it('converts Traditional to Simplified and full-width punctuation to ASCII', () => {
    expect(normalise('服務態度很好，但是排隊太久！').text).toBe('服务态度很好,但是排队太久!');
  });
  it('keeps hall vocabulary whole', () => {
    const words = segment('取号机坏了,大堂经理在推销理财,自助终端也用不了,一网通办');
    for (const word of ['取号机', '大堂经理', '理财', '自助终端', '一网通办']) expect(words).toContain(word);
  });
  it('strips control characters, zero-width characters and lone surrogates, keeps pairs', () => {
    expect(stripUnsafeCharacters('态\u0000度\u0007好\u200b')).toBe('态度好');
    expect(stripUnsafeCharacters('a\nb\tc')).toBe('a b c');
    expect(stripUnsafeCharacters('好\ud800评\udc00')).toBe('好评');
    expect(stripUnsafeCharacters('👍')).toBe('👍');
  });
});

describe('topics and sentiment', () => {
  it('contrast: praise, then blame after 但是 gives two topics and mixed overall', () => {
    const a = analyseComment('柜员态度挺好的,但是等太久了');
    expect(topicsOf('柜员态度挺好的,但是等太久了')).toEqual({ attitude: 'positive', efficiency: 'negative' });
    expect(a.sentiment).toBe('mixed');
    expect(a.subtopics).toContain('waiting');
    expect(topic('柜员态度挺好的,但是等太久了', 'efficiency')!.terms).toContain('太久');
  });
  it('negation: 不慢 is praise, 没有不耐烦 (double negation) is praise, 不是很专业 is blame', () => {
    expect(topicsOf('不慢')).toEqual({ efficiency: 'positive' });
    expect(topicsOf('柜员没有不耐烦')).toEqual({ attitude: 'positive' });
    expect(analyseComment('柜员不是很专业').sentiment).toBe('negative');
    expect(topicsOf('一点都不麻烦')).toEqual({ process: 'positive' });
  });
  it('degree words change strength, not polarity', () => {
    expect(analyseComment('有点慢').sentiment).toBe('negative');
    expect(analyseComment('太慢了').sentiment).toBe('negative');
    expect(analyseComment('非常好').sentiment).toBe('positive');
  });
  it('sarcasm: a quoted praise word and thanks for a wait are blame', () => {
    expect(topicsOf('真是"高效",一上午就开了两个窗口')).toEqual({ efficiency: 'negative' });
    expect(analyseComment('谢谢你们让我在大厅里度过了美好的一下午').sentiment).toBe('negative');
  });
  it('neutral judgements and pure facts', () => {
    expect(analyseComment('还行吧')).toMatchObject({ sentiment: 'neutral', topics: [] });
    expect(analyseComment('今天来办社保卡')).toMatchObject({ sentiment: 'neutral', topics: [] });
    expect(topicsOf('态度一般')).toEqual({ attitude: 'neutral' });
  });
  it('a suggestion names a neutral topic', () => {
    const a = analyseComment('建议周末多开几个窗口');
    expect(topicsOf('建议周末多开几个窗口')).toEqual({ efficiency: 'neutral' });
    expect(a.subtopics).toEqual(['few_windows']);
    expect(a.sentiment).toBe('neutral');
  });
  it('facilities, named staff and hard selling', () => {
    expect(analyseComment('叫号机乱叫,排了一个半小时').subtopics).toEqual(['waiting', 'queue_machine']);
    expect(analyseComment('3号窗口的小姐姐太好了')).toMatchObject({
      topics: [{ dimension: 'attitude', sentiment: 'positive' }],
      subtopics: ['staff_named'],
    });
    expect(topicsOf('大堂经理一直推销理财,烦死了')).toMatchObject({ performance: 'negative' });
  });
  it('keeps at most three topics', () => {
    const a = analyseComment('柜员态度很差,等了两个小时,取号机坏了,材料太多,还推销保险');
    expect(a.topics.length).toBe(3);
  });
});

describe('needs response', () => {
  it('finds each reason', () => {
    expect(analyseComment('多扣了200,不退我就去12315').reasons).toEqual([
      'escalation_threat',
      'money_at_risk',
    ]);
    expect(analyseComment('请给我个说法').reasons).toEqual(['callback_requested']);
    expect(analyseComment('大厅地太滑了,我妈摔了一跤').reasons).toEqual(['safety']);
    expect(analyseComment('柜员把我的身份证复印件随手放在台面上').reasons).toEqual(['privacy_at_risk']);
  });
  it('a wish for improvement alone is no callback request', () => {
    expect(analyseComment('希望改进,请重视').needsResponse).toBe(false);
  });
});

describe('bad input never throws', () => {
  const empty = { topics: [], sentiment: 'neutral', needsResponse: false, reasons: [], truncated: false };
  it('empty string', () => {
    expect(analyseComment('')).toMatchObject({
      ...empty,
      analyserVersion: ANALYSER_VERSION,
      analysedChars: 0,
    });
  });
  it('not a string at run time', () => {
    expect(analyseComment(undefined as unknown as string)).toMatchObject(empty);
  });
  it('10,000 characters: truncated, analysed up to the cap', () => {
    const long = '柜员态度很好,'.repeat(1500).slice(0, 10_000);
    const a = analyseComment(long);
    expect(a.truncated).toBe(true);
    expect(a.analysedChars).toBe(MAX_ANALYSED_CHARS);
    expect(a.topics[0]).toMatchObject({ dimension: 'attitude', sentiment: 'positive' });
  });
  it('a surrogate pair at the cap is not split', () => {
    const text = `${'a'.repeat(MAX_ANALYSED_CHARS - 1)}😡😡`;
    const a = normalise(text);
    expect(a.truncated).toBe(true);
    expect(a.text.endsWith('😡')).toBe(true);
  });
  it('only emoji', () => {
    expect(analyseComment('😀😀😀').topics).toEqual([]);
    expect(analyseComment('👍👍👍').sentiment).toBe('positive');
    expect(analyseComment('🌚🌝')).toMatchObject(empty);
  });
  it('mixed scripts', () => {
    const a = analyseComment('The teller 态度很差 and la file était longue, 등了很久 ¿por qué?');
    expect(topicsOf('The teller 态度很差 and la file était longue')).toEqual({ attitude: 'negative' });
    expect(a.sentiment).toBe('negative');
  });
  it('control characters', () => {
    expect(topicsOf('态度\u0000很\u001b差\u007f')).toEqual({ attitude: 'negative' });
  });
  it('lone surrogates', () => {
    expect(topicsOf('\ud83d态度很好\udc00')).toEqual({ attitude: 'positive' });
    expect(analyseComment('\udc00\ud800')).toMatchObject(empty);
  });
  it('punctuation only', () => {
    expect(analyseComment('。。。???!!!')).toMatchObject(empty);
  });
});
