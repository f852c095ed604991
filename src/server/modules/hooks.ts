// The modules' subscriptions to one another's events, registered by whoever composes them:
// registerModules (every app: the server, the tests, the CLIs that build one) and the demo seed,
// which signs task books without an app (src/cli/demo/demo.ts). Idempotent.
import { registerMilestoneHooks } from './supervision/milestones.js';

export function registerModuleHooks(): void {
  registerMilestoneHooks(); // SUP-2: a task book coming into force makes its project's milestones
}
