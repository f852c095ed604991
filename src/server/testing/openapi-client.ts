// A client made from `/api/openapi.json` alone (issue 12 "Done when"): operations are called by
// their operationId — method, path, parameters and body media type come from the document — every
// request body is checked against the operation's request schema before it is sent, and every
// answer against the response schema the document gives for its status and media type. A call the
// document does not describe, or an answer it does not allow, fails the test.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { App } from '../app.js';
import { TestClient } from './harness.js';

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface CallInput {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** raw bytes for an upload operation, sent with `contentType` (one of the operation's media types) */
  raw?: Buffer;
  contentType?: string;
}
export interface CallResult {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

const DOC_ID = 'https://chengjie.local/openapi.json';

export class OpenApiClient {
  readonly http: TestClient;
  private readonly ops = new Map<string, { method: string; path: string; op: Operation }>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  /** operationIds called, for the test to say how much of the API it drove */
  readonly called = new Set<string>();

  constructor(app: App, readonly doc: OpenApiDocument) {
    this.http = new TestClient(app);
    for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) this.ops.set(op.operationId, { method: method.toUpperCase(), path, op });
    // The components are one schema resource; the operations' `#/components/…` refs point into it.
    this.ajv.addSchema({ $id: DOC_ID, components: doc.components ?? {} });
  }

  static async load(app: App): Promise<OpenApiClient> {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`openapi.json: ${res.statusCode}`);
    return new OpenApiClient(app, JSON.parse(res.body) as OpenApiDocument);
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      const rebased = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\/components\//g, `"$ref":"${DOC_ID}#/components/`)) as Schema;
      v = this.ajv.compile(rebased);
      this.validators.set(key, v);
    }
    return v;
  }

  private check(key: string, schema: Schema | undefined, value: unknown, what: string): void {
    if (!schema) return;
    const v = this.validator(key, schema);
    if (!v(value)) throw new Error(`${what} does not match the document: ${this.ajv.errorsText(v.errors, { separator: '; ' })}\n${JSON.stringify(value).slice(0, 800)}`);
  }

  /** Check a body against what the document says an operation answers with this status (JSON). */
  checkAnswer(operationId: string, status: number, body: unknown): void {
    const op = this.ops.get(operationId)?.op;
    const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${operationId}: no JSON answer ${status} in the document`);
    this.check(`${operationId} ${status} application/json`, schema, body, `${operationId} → ${status}`);
  }

  has(operationId: string): boolean {
    return this.ops.has(operationId);
  }

  /** Log in through the document's own login operation. */
  async login(username: string, password = 'Chengjie@2026'): Promise<void> {
    const res = await this.call('postAuthLogin', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async call(operationId: string, input: CallInput = {}): Promise<CallResult> {
    const found = this.ops.get(operationId);
    if (!found) throw new Error(`no operation "${operationId}" in the document`);
    const { method, path, op } = found;
    this.called.add(operationId);
    let url = path;
    for (const p of op.parameters ?? []) {
      if (p.in === 'path') {
        const v = input.params?.[p.name];
        if (v === undefined) throw new Error(`${operationId}: path parameter ${p.name} missing`);
        url = url.replace(`{${p.name}}`, encodeURIComponent(String(v)));
      } else if (p.in === 'query' && p.required && input.query?.[p.name] === undefined) {
        throw new Error(`${operationId}: query parameter ${p.name} is required`);
      }
    }
    const allowedQuery = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query ?? {})) {
      if (!allowedQuery.has(k)) throw new Error(`${operationId}: the document has no query parameter ${k}`);
      if (v !== undefined) qs.set(k, String(v));
    }
    if (qs.size) url += `?${qs}`;

    const media = Object.keys(op.requestBody?.content ?? {});
    let res;
    if (input.raw) {
      const ct = input.contentType ?? media[0];
      if (!media.includes(ct)) throw new Error(`${operationId}: the document does not take ${ct} (takes ${media.join(', ') || 'no body'})`);
      res = await this.http.request(method as 'POST', url, undefined, { rawBody: input.raw, headers: { 'content-type': ct } });
    } else if (input.body !== undefined) {
      if (!media.includes('application/json')) throw new Error(`${operationId}: the document takes no JSON body`);
      this.check(`${operationId} request`, op.requestBody!.content['application/json'].schema, input.body, `${operationId} request body`);
      res = await this.http.request(method as 'POST', url, input.body);
    } else {
      if (op.requestBody?.required) throw new Error(`${operationId}: a body is required`);
      res = await this.http.request(method as 'GET', url, method === 'GET' ? undefined : undefined);
    }

    const declared = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
    if (!declared) throw new Error(`${operationId}: answered ${res.status}, which the document does not list (${Object.keys(op.responses).join(', ')}): ${JSON.stringify(res.body).slice(0, 400)}`);
    const ct = String(res.headers['content-type'] ?? '').split(';')[0].trim();
    if (declared.content && Object.keys(declared.content).length) {
      const entry = declared.content[ct];
      if (!entry) throw new Error(`${operationId}: answered ${res.status} as ${ct}, the document says ${Object.keys(declared.content).join(', ')}`);
      if (/json/.test(ct)) this.check(`${operationId} ${res.status} ${ct}`, entry.schema, res.body, `${operationId} → ${res.status}`);
    }
    if (res.status === 201 && !res.headers.location) throw new Error(`${operationId}: 201 without Location`);
    return { status: res.status, body: res.body, headers: res.headers, raw: res.raw };
  }
}
