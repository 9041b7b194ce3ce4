import { FeedValidationError } from '../errors';
import { buildPostContent, buildText, RAW_BODY_MAX } from './post-content';

/** Raw text is length-capped before it is parsed: over the cap is a validation error naming the field. */
describe('raw input cap before parsing', () => {
  const tooLong = '['.repeat(RAW_BODY_MAX + 1);
  const violationsOf = (build: () => unknown) => {
    try {
      build();
    } catch (error) {
      if (error instanceof FeedValidationError) return error.violations;
      throw error;
    }
    throw new Error('accepted');
  };

  it('refuses a post body over the cap, naming body', () => {
    expect(violationsOf(() => buildPostContent('update', { body: tooLong }, new Map()))).toEqual([{ field: 'body', message: `is longer than ${RAW_BODY_MAX} characters` }]);
  });

  it('refuses an article body over the cap together with the other field errors', () => {
    expect(violationsOf(() => buildPostContent('article', { body: tooLong }, new Map()))).toEqual([
      { field: 'title', message: 'an article needs a title' },
      { field: 'body', message: `is longer than ${RAW_BODY_MAX} characters` },
    ]);
  });

  it('refuses comment and description texts over the cap, naming their field', () => {
    expect(violationsOf(() => buildText(tooLong, 5_000, new Map()))).toEqual([{ field: 'body', message: `is longer than ${RAW_BODY_MAX} characters` }]);
    expect(violationsOf(() => buildText(tooLong, 5_000, new Map(), 'details.description'))).toEqual([{ field: 'details.description', message: `is longer than ${RAW_BODY_MAX} characters` }]);
  });

  it('parses text at the cap and checks the stored length of the kind', () => {
    expect(violationsOf(() => buildPostContent('update', { body: 'a'.repeat(RAW_BODY_MAX) }, new Map()))).toEqual([{ field: 'body', message: 'is longer than 5000 characters for a update' }]);
  });
});
