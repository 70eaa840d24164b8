// Records what the analyser says (src/output-check.ts) to golden/outputs-<version>.json, for
// output-check.test.ts. Run it on the code whose outputs are the reference, before a change meant
// to keep them (it was run on analyser 1.3.0 as released, before the 1.3.0 speed-up):
//   pnpm exec tsx scripts/record-outputs.ts
import { writeFileSync } from 'node:fs';
import { ANALYSER_VERSION } from '../src/analyse.ts';
import { OUTPUTS_RECORD_URL, recordOutputs } from '../src/output-check.ts';

const record = recordOutputs(ANALYSER_VERSION);
// One entry a line, so that a difference shows as a line in a diff.
const lines = (entries: Array<[string, unknown]>) =>
  entries.map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n');
writeFileSync(
  OUTPUTS_RECORD_URL,
  `{\n  "analyserVersion": ${JSON.stringify(record.analyserVersion)},\n` +
    `  "development": {\n${lines(Object.entries(record.development))}\n  },\n` +
    `  "generated": [\n${record.generated.map((h) => `    ${JSON.stringify(h)}`).join(',\n')}\n  ],\n` +
    `  "badInputs": {\n${lines(Object.entries(record.badInputs))}\n  }\n}\n`,
);
console.log(
  `recorded ${Object.keys(record.development).length} development comments, ${record.generated.length} generated, ${Object.keys(record.badInputs).length} bad inputs (${record.analyserVersion})`,
);
