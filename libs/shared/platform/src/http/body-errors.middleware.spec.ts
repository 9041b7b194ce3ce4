import { ValidationError } from '@plein/shared/kernel';
import { toProblem } from '../problem/problem-details';
import { bodyErrorsMiddleware } from './body-errors.middleware';

const run = (error: unknown): unknown => {
  let passed: unknown;
  bodyErrorsMiddleware(error, {} as never, {} as never, (e) => (passed = e));
  return passed;
};

describe('bodyErrorsMiddleware', () => {
  it('turns a JSON syntax error into a validation error naming body', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400, statusCode: 400 });
    const mapped = run(parseError);
    expect(mapped).toBeInstanceOf(ValidationError);
    expect(toProblem(mapped).problem).toMatchObject({ status: 400, code: 'PLATFORM.MALFORMED_BODY', errors: [{ field: 'body', message: 'must be valid JSON' }] });
  });

  it('keeps the status of other parser errors', () => {
    expect(toProblem(run(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413, statusCode: 413 }))).problem.status).toBe(413);
  });

  it('passes unrelated errors through untouched', () => {
    const error = new Error('other');
    expect(run(error)).toBe(error);
  });
});
