// Writes analyser-outputs-1.3.0.json (see analyser-outputs.ts). Run on the analyser whose outputs
// are the reference:   pnpm exec tsx record-analyser-outputs.ts
import { writeFileSync } from 'node:fs';
import { ANALYSER_VERSION } from '@servloop/comment-analysis';
import { ANALYSER_OUTPUTS_URL, analyserOutputHash, simulatedComments } from './analyser-outputs.ts';

const hashes = simulatedComments().map(analyserOutputHash);
writeFileSync(
  ANALYSER_OUTPUTS_URL,
  `{\n  "analyserVersion": ${JSON.stringify(ANALYSER_VERSION)},\n  "hashes": [\n${hashes.map((h) => `    ${JSON.stringify(h)}`).join(',\n')}\n  ]\n}\n`,
);
console.log(`recorded ${hashes.length} simulated comments (${ANALYSER_VERSION})`);
