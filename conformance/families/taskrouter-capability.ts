/** The `taskrouter_capability` family: TaskRouter capability tokens and their policies. */
import { taskRouterCases } from '../differential/generators/taskrouter.ts';
import { tokenFamily } from './token-family.ts';

export const taskrouterCapability = tokenFamily({
  name: 'taskrouter_capability',
  cases: (lib) => lib.dialect.taskrouterCapability && taskRouterCases(lib.dialect.taskrouterCapability),
  fuzzed: true,
});
