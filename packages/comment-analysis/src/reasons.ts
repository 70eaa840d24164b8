// Needs-response reasons (labelling guide, section needsResponse and R1–R6). Patterns run on the
// normalised text (Simplified, NFKC, lower-case). Recall matters more than precision here: a missed
// safety report or escalation costs more than a quality-team member reading one comment too many.
import { NEEDS_RESPONSE_REASONS, type NeedsResponseReason } from './types.ts';

const PATTERNS: Record<NeedsResponseReason, RegExp> = {
  // R1: 希望改进 / 请重视 are not callback requests; 给我个说法 / 请联系我 / 麻烦回复 are. R3: a direct
  // question about the customer's own case (我的退款什么时候到?). A masked phone number left in the
  // comment is a request to be called.
  callback_requested: new RegExp(
    [
      '联系我',
      '回复我',
      '回我电话',
      '给我回电',
      '回个电话',
      '回电话说明',
      '给(我)?(个|一个)?(合理的)?(说法|解释|答复|交代|回复)',
      '(请|希望|麻烦).{0,6}(答复|回复|回电)',
      '不给(我)?(个)?(解释|说法|答复)',
      '联系电话',
      '电话[:：]?\\s*1\\*',
      '1\\*{6,}',
      '什么时候(退|到|能|给|处理|解决|办)',
      '谁来赔',
      '(请|麻烦).{0,10}(核实|处理|安排|调查|恢复|检查)',
      '请.{0,4}尽快',
    ].join('|'),
  ),
  // R2: conditional and already-done threats count.
  escalation_threat: new RegExp(
    [
      '123\\d\\d',
      '市长热线',
      '银保监',
      '保监',
      '金融监管',
      '人民银行',
      '消协',
      '消费者协会',
      '工信部',
      '通管局',
      '市场监管',
      '信访',
      '曝光',
      '媒体',
      '记者',
      '抖音',
      '快手',
      '微博',
      '发到网上',
      '发网上',
      '(视频|录音).{0,8}(网上|朋友圈)',
      '报警',
      '起诉',
      '法院',
      '律师',
    ].join('|'),
  ),
  // R4: the customer's own money, not prices in general.
  money_at_risk: new RegExp(
    [
      '多扣',
      '扣错',
      '乱扣',
      '重复扣',
      '扣了(两|2)(笔|次)',
      '刷了(两|2)次',
      '扣了我',
      '扣了钱',
      '扣了\\d',
      '每(月|个月|季度|年)(都)?扣',
      '扣(我)?(了)?好几',
      '没到账',
      '未到账',
      '没出钞',
      '吞卡',
      '吃了我',
      '钱(还)?没(退|到|吐)',
      '不退',
      '退款',
      '退还',
      '退给我',
      '被骗',
      '骗老人',
      '诈骗',
      '补偿',
      '押金',
      '欠费\\d',
      '话费.{0,4}没了',
      '里面还有\\d',
      '利息少',
      '抄错',
      '莫名其妙.{0,6}(扣|开通)',
      '根本没(点|办|开)',
    ].join('|'),
  ),
  // 信息泄露, a copy left on the counter, others seeing or hearing the customer's data.
  privacy_at_risk: new RegExp(
    [
      '泄露',
      '泄漏',
      '复印件.{0,12}(放|扔|丢)',
      '(身份证|卡号|余额|密码|住址|资料|信息).{0,10}(看到|听到|看见|念)',
      '(看到|听到|看见|念出|念).{0,6}(身份证|卡号|余额|密码|住址|资料|信息)',
      '看我输密码',
      '贴上来看',
      '盗用',
      '都知道',
      '知道我的',
      '个人信息',
      '隐私',
    ].join('|'),
  ),
  // R5: physical danger to people at the site.
  safety: new RegExp(
    [
      '滑倒',
      '摔',
      '跌倒',
      '扭伤',
      '踩空',
      '电线',
      '漏电',
      '打架',
      '打起来',
      '消防通道',
      '煤气味',
      '燃气味',
      '着火',
      '冒烟',
      '受伤',
      '划了.{0,3}口子',
      '划伤',
      '流血',
      '危险',
      '晕倒',
      '特别滑',
      '很滑',
      '太滑',
    ].join('|'),
  ),
};

/** The reasons a comment needs a personal response, in NEEDS_RESPONSE_REASONS order. */
export function detectReasons(text: string): NeedsResponseReason[] {
  if (text.length === 0) return [];
  return NEEDS_RESPONSE_REASONS.filter((reason) => PATTERNS[reason].test(text));
}
