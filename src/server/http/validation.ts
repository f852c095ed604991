// The validator of every route schema: the Zod schema of fastify-type-provider-zod, preceded by the
// text check that holds for every field of every route (issue 10 §3, http/safe-text.ts).
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { validationError } from '../platform/errors.js';
import { findUnsafeText } from './safe-text.js';

export const validatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const validate = zodValidatorCompiler(route as Parameters<typeof zodValidatorCompiler>[0]);
  // named as Fastify names the part in schema errors (body, querystring, params, headers)
  const part = route.httpPart ?? 'body';
  return (data: unknown) => {
    const unsafe = findUnsafeText(data, part);
    // An AppError is passed through by Fastify and rendered by the error handler as a 400 with its path.
    if (unsafe) return { error: validationError([unsafe], `${unsafe.path}：${unsafe.message}`) };
    return validate(data);
  };
};
