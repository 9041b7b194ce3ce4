import { ValidationError } from '@plein/shared/kernel';

/** Domain violations name fields of the command (`languages[1].code`); the answer names them as the request did (`body.languages[1].code`). */
export async function inBody<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.code, error.violations.map((v) => ({ field: `body.${v.field}`, message: v.message })));
    throw error;
  }
}
