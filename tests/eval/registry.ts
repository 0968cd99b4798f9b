// One line per evaluation (kept apart from run.ts so adding one never touches the runner).
import { register } from './run';

void register;
register('pii', () => import('./pii').then((m) => m.default));
register('retrieval', () => import('./retrieval').then((m) => m.default));
register('summarize', () => import('./summarize').then((m) => m.default));
