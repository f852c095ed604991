// Ablation server for bench/public-list.ts (diagnostics only): the platform's own public route
// (src/server/modules/public/routes.ts — zod query validation, drizzle query + mapping) mounted on
// a bare Fastify with the platform's zod compilers, the platform's database client (pool of 20),
// and NOTHING else: no logger, no cookie/rate-limit/swagger plugins, no onRequest/onSend/preHandler
// hooks, default request ids. Platform − this = cost of the app-wide plugins and hooks;
// this − baseline = cost of zod + drizzle on this route.
//   DATABASE_URL=… PORT=… node --import tsx bench/public-list-route-only.ts
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { openDatabase } from '../src/server/db/client.js';
import { loadConfig } from '../src/server/config.js';
import { publicRoutes } from '../src/server/modules/public/routes.js';
import type { AppDeps, ZApp } from '../src/server/app.js';

const database = await openDatabase({ url: process.env.DATABASE_URL });
const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
const deps = { database, config: loadConfig(), cipher: null } as unknown as AppDeps;
await publicRoutes(app.withTypeProvider<ZodTypeProvider>() as unknown as ZApp, deps);
app.get('/api/v1/health', async () => ({ status: 'ok' }));

const close = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log(`route-only listening on ${process.env.PORT}`);
