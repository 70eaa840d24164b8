// Worker-thread entry for startIntake(). Plain JS so it loads the same way under node, tsx and
// vitest: it registers the TypeScript loader for this thread, then runs the real module.
import { register } from 'tsx/esm/api';

register();
await import('./intake-thread.ts');
