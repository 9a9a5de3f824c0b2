// Worker-thread entry of `npm run lessons:check`: registers tsx in this thread, then loads the
// TypeScript script, which sees it is not the main thread and serves jobs.
import { register } from 'tsx/esm/api';

register();
await import('./lessons-check.ts');
