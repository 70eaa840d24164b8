export const DIMENSIONS = ['attitude', 'efficiency', 'performance', 'process', 'facilities'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SUBTOPICS = [
  'waiting',
  'queue_machine',
  'self_service',
  'hard_selling',
  'documents_required',
  'fees',
  'staff_named',
  'staff_skill',
  'repeat_visits',
  'few_windows',
  'environment',
  'signage',
  'privacy',
  'promise',
  'online_booking',
] as const;
export type Subtopic = (typeof SUBTOPICS)[number];

export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const NEEDS_RESPONSE_REASONS = [
  'callback_requested',
  'escalation_threat',
  'money_at_risk',
  'privacy_at_risk',
  'safety',
] as const;
export type NeedsResponseReason = (typeof NEEDS_RESPONSE_REASONS)[number];

export interface TopicAnalysis {
  dimension: Dimension;
  sentiment: Sentiment;
  subtopics: Subtopic[];
  /** The words (after normalisation) that made this topic appear or gave it its sentiment. */
  terms: string[];
}

export interface CommentAnalysis {
  analyserVersion: string;
  /** At most three, the most mentioned first. */
  topics: TopicAnalysis[];
  /** Union of the topics' subtopics plus staff_named, in SUBTOPICS order. */
  subtopics: Subtopic[];
  sentiment: Sentiment;
  needsResponse: boolean;
  reasons: NeedsResponseReason[];
  /** Every lexicon term or rule match that contributed anything, in text order, deduplicated. */
  matchedTerms: string[];
  /** True when the input was longer than MAX_ANALYSED_CHARS and only its beginning was analysed. */
  truncated: boolean;
  /** Characters (code points) of the cleaned input that were analysed. */
  analysedChars: number;
}
