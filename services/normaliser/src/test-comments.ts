// For tests: the texts of the comment analyser's labelled development comments, varied real-world
// comments to run the normaliser's analysis path over.
import { readFileSync } from 'node:fs';

export function labelledTexts(): string[] {
  return readFileSync(new URL('../../../packages/comment-analysis/data/dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}
