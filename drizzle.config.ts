import { defineConfig } from 'drizzle-kit';

// Generates SQL migration files from src/server/db/schema.ts (`npx drizzle-kit generate`).
// Hand-written SQL (triggers, search columns) goes into files made with `--custom`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
});
