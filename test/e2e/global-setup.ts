// Once per run of the journeys: the demo deployment as the first `npm start` on a fresh data
// directory makes it (the web and server builds, migrations, the demo data). Each journey then
// starts the platform on its own copy, so the demo data is written once, not once per journey.
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { makeDemoDataDir } from './support.js';

export default async function setup(project: TestProject) {
  const dir = await makeDemoDataDir();
  project.provide('demoDataDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
