import { defineConfig } from 'vitest/config';

// generated/ holds the rules of analyser 1.0.0 that scripts/train.ts takes from git history for
// model selection; they are not this package's code and their tests are not its tests.
export default defineConfig({ test: { exclude: ['**/node_modules/**', 'generated/**'] } });
