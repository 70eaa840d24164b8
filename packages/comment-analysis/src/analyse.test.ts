import { describe, expect, it } from 'vitest';
import { ANALYSER_VERSION, analyseByRules } from './analyse.ts';
import { MAX_ANALYSED_CHARS, normalise, stripUnsafeCharacters } from './normalise.ts';
import { segment } from './segment.ts';
import type { Dimension, Sentiment } from './types.ts';

// The rules on their own; the learnt model beside them is tested in model.test.ts.
const analyseComment = (text: string) => analyseByRules(text).analysis;

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

describe('rules beyond single words', () => {
  it('a named staff member is who a generic judgement is about', () => {
    expect(analyseComment('小刘服务很好')).toMatchObject({
      topics: [{ dimension: 'attitude', sentiment: 'positive' }],
      subtopics: ['staff_named'],
    });
  });
  it('a rhetorical question blames what it names; its 不是 negates nothing', () => {
    expect(topicsOf('就不能多开一个窗口吗?')).toEqual({ efficiency: 'negative' });
    expect(topicsOf('网上预约的号到店说不认,不是白约了吗')).toEqual({ process: 'negative' });
  });
  it('a judgement word with a default dimension judges the hall thing beside it', () => {
    expect(topicsOf('停车不方便')).toEqual({ facilities: 'negative' });
    expect(topicsOf('网上办理很方便')).toEqual({ process: 'positive' });
  });
  it('only blame carries over to the thing named in the previous clause', () => {
    expect(topicsOf('柜员一边办一边推荐基金,听得心烦')).toMatchObject({ performance: 'negative' });
    expect(topicsOf('环境一般,服务还不错')).toEqual({ facilities: 'neutral' });
    expect(analyseComment('环境一般,服务还不错').sentiment).toBe('positive');
  });
  it('polite 麻烦 opening a request is not a process complaint', () => {
    expect(analyseComment('麻烦回复我').topics).toEqual([]);
    expect(topicsOf('手续太麻烦')).toEqual({ process: 'negative' });
  });
  it('waits: long ones are blame, short plain ones neutral, quick service praise', () => {
    expect(topicsOf('等了两个小时')).toEqual({ efficiency: 'negative' });
    expect(topicsOf('等了大概二十分钟')).toEqual({ efficiency: 'neutral' });
    expect(topicsOf('不到十分钟就办完了')).toEqual({ efficiency: 'positive' });
    expect(topicsOf('等了快一小时')).toEqual({ efficiency: 'negative' });
  });
  it("the customer's money or data at risk is a performance complaint, a hazard of the hall a facilities one", () => {
    expect(topicsOf('这个月莫名其妙多扣了我50块')).toEqual({ performance: 'negative' });
    expect(topicsOf('门口地砖特别滑,我妈摔了一跤')).toMatchObject({ facilities: 'negative' });
  });
  it('a facility missing or present is a judgement', () => {
    expect(topicsOf('大厅里没有椅子')).toEqual({ facilities: 'negative' });
    expect(topicsOf('大厅冬天没暖气')).toEqual({ facilities: 'negative' });
  });
  it('ironic quotes and thanks for a wait flip praise', () => {
    expect(topicsOf('客户经理说话可真"有水平"')).toEqual({ attitude: 'negative' });
    expect(analyseComment('营业厅真贴心,让我等了两个小时').sentiment).toBe('negative');
  });
});

describe('labelling guide decisions', () => {
  it('D1: service praise of the place is generic, of a person is attitude', () => {
    expect(analyseComment('服务很好，下次还来')).toMatchObject({ sentiment: 'positive', topics: [] });
    expect(topicsOf('柜员服务很好')).toEqual({ attitude: 'positive' });
  });
  it("D5: keeping one's word is a positive promise", () => {
    expect(analyseComment('师傅说话算话')).toMatchObject({
      topics: [{ dimension: 'performance', sentiment: 'positive', subtopics: ['promise'] }],
    });
  });
  it("D9: a calm question about one's own refund is a neutral performance topic that needs a response", () => {
    expect(analyseComment('请问我多交的电费什么时候能退?')).toMatchObject({
      sentiment: 'neutral',
      topics: [{ dimension: 'performance', sentiment: 'neutral', subtopics: ['fees'] }],
      reasons: ['callback_requested', 'money_at_risk'],
    });
  });
  it('D14: praise and blame on one topic make it mixed', () => {
    expect(topicsOf('环境挺干净的，就是ATM老出故障')).toEqual({ facilities: 'mixed' });
    expect(topicsOf('有的营业员很热情，有的爱答不理')).toEqual({ attitude: 'mixed' });
  });
  it('a 好 inside a word is "very", and a label keeps its value (服务态度:很好)', () => {
    expect(topicsOf('職員態度好差')).toEqual({ attitude: 'negative' });
    expect(topicsOf('服务态度：很好；办理速度：较慢')).toEqual({
      attitude: 'positive',
      efficiency: 'negative',
    });
  });
  it('a thing named between a negator and a judgement takes the negation', () => {
    expect(topicsOf('缴费不收手续费挺好')).toEqual({ performance: 'positive' });
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

describe('1.1.0: wordings beyond the first development set', () => {
  it('praise denied after the word (一点耐心都没有) is blame', () => {
    expect(topicsOf('对老年人一点耐心都没有')).toEqual({ attitude: 'negative' });
  });
  it('typos, Latin-script words, Cantonese and chat stickers', () => {
    expect(topicsOf('柜员太度很差')).toEqual({ attitude: 'negative' });
    expect(analyseComment('[赞][赞]').sentiment).toBe('positive');
    expect(analyseComment('效率low到爆').sentiment).toBe('negative');
    expect(topicsOf('排咗两粒钟,仲未到我')).toEqual({ efficiency: 'negative' });
  });
  it('a comment that is a duration and little else is a long wait', () => {
    expect(topicsOf('一个半钟头😤😤')).toEqual({ efficiency: 'negative' });
  });
  it('selling told by verb and product, and not when denied', () => {
    expect(topic('营业厅里的小姑娘一直劝我换5G套餐', 'performance')).toMatchObject({
      sentiment: 'negative',
      subtopics: ['hard_selling'],
    });
    expect(topic('没有硬推套餐,按我的需求推荐了最便宜的', 'performance')?.sentiment).toBe('positive');
  });
  it('a basic thing missing from the hall, and a courtesy missing from the staff', () => {
    expect(topicsOf('大厅里连口热水都没有')).toEqual({ facilities: 'negative' });
    expect(topicsOf('工作人员连句解释都没有')).toEqual({ attitude: 'negative' });
  });
  it('a judgement of a thing of the hall moves onto it, not onto the wait or the system', () => {
    expect(topicsOf('自助机操作太复杂')).toEqual({ facilities: 'negative' });
    expect(topic('柜员很耐心,但是系统太慢了', 'efficiency')?.sentiment).toBe('negative');
    expect(topicsOf('大厅没有母婴室,抱着孩子等很不方便')).toEqual({ facilities: 'negative' });
  });
  it('a deadline promised and passed is a broken promise', () => {
    expect(topic('报修时说两个小时内上门,我从早上等到晚上没人来', 'performance')?.subtopics).toContain(
      'promise',
    );
  });
  it('needs response: broader cues, and a gas leak is no privacy leak', () => {
    expect(analyseComment('预付费电表充了500,表上只到了300').reasons).toEqual(['money_at_risk']);
    expect(analyseComment('有人拿我的身份证信息在你们这办了两张卡').reasons).toContain('privacy_at_risk');
    expect(analyseComment('大厅里有煤气泄漏的味道').reasons).toEqual(['safety']);
    expect(analyseComment('大厅经理一直在刷抖音,叫他都不理').reasons).toEqual([]);
    expect(analyseComment('交个燃气费被推销燃气报警器').reasons).toEqual([]);
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
  it('random code units (seeded): never throws, always a well-formed analysis', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed;
    };
    const alphabet = '柜员态度很好差慢快不没等了小时窗口取号机!?,。“”"\'😡👍🙂 \n\t\u0000\u200b';
    for (let n = 0; n < 500; n++) {
      let text = '';
      const length = next() % 60;
      for (let i = 0; i < length; i++) {
        // Half the characters from hall text, half any UTF-16 code unit (lone surrogates included).
        text += next() % 2 ? alphabet[next() % alphabet.length] : String.fromCharCode(next() % 0x10000);
      }
      const a = analyseComment(text);
      expect(a.topics.length).toBeLessThanOrEqual(3);
      for (const t of a.topics)
        expect(['attitude', 'efficiency', 'performance', 'process', 'facilities']).toContain(t.dimension);
      expect(['positive', 'negative', 'neutral', 'mixed']).toContain(a.sentiment);
      expect(a.needsResponse).toBe(a.reasons.length > 0);
    }
  });
  it('punctuation only', () => {
    expect(analyseComment('。。。???!!!')).toMatchObject(empty);
  });
});

describe('1.3.0: politeness and narrative praise', () => {
  it('thanks closing a request or question are politeness, not praise', () => {
    expect(analyseComment('请问我的补卡申请办好了吗?谢谢').sentiment).toBe('neutral');
    expect(analyseComment('麻烦帮我查一下上个月的账单,谢谢').sentiment).toBe('neutral');
    // Thanks beside other praise, or thanks without a request, still praise.
    expect(analyseComment('谢谢小王,办得很快').sentiment).toBe('positive');
    expect(analyseComment('请问下次还能找这位柜员吗?她态度很好,谢谢').sentiment).toBe('positive');
  });
  it('in a complaint someone must answer, narrative praise far lighter than the blame is not mixed', () => {
    const told = analyseComment(
      '系统显示转账成功,可是钱一直没到账,柜员态度很差也不管,让我跑了三趟,再不处理我就打12345投诉',
    );
    expect(told.needsResponse).toBe(true);
    expect(told.sentiment).toBe('negative');
    // Praise that weighs as much as the blame keeps the comment mixed.
    expect(analyseComment('柜员态度很好,但是多扣了我两百块钱,请退给我').sentiment).toBe('mixed');
  });
});
