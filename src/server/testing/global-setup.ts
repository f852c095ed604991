// Once per `npm test` run: on PostgreSQL (TEST_DATABASE_URL), the demo template database the test
// files copied (harness.ts) is dropped at the end, so a run leaves no database behind.
import { dropPostgresTemplate } from './harness.js';

export default function setup() {
  const url = process.env.TEST_DATABASE_URL;
  return async () => {
    if (url) await dropPostgresTemplate(url);
  };
}
