import { scrubbed } from './evidence.projection';

describe('scrubbed (a post or comment update once its people are erased)', () => {
  const erased = new Set(['u-gone']);

  it('a question by an erased person: no author, asked for good, and asked only in $set (never also in $setOnInsert)', () => {
    const update = { $set: { kind: 'post', authorId: 'u-gone', question: true }, $setOnInsert: { asked: false } } as never;
    const out = scrubbed(update, erased) as Record<string, Record<string, unknown> | undefined>;
    expect(out['$set']).toEqual({ kind: 'post', authorId: null, question: true, asked: true });
    expect(out['$setOnInsert']).toBeUndefined();
  });

  it('keeps the rest of $setOnInsert and other operators', () => {
    const update = { $set: { kind: 'post', authorId: 'u-gone' }, $setOnInsert: { asked: false, firstSeen: 1 }, $inc: { n: 1 } } as never;
    expect(scrubbed(update, erased)).toEqual({ $set: { kind: 'post', authorId: null, asked: true }, $setOnInsert: { firstSeen: 1 }, $inc: { n: 1 } });
  });

  it('leaves an update about people still there as it is, and takes out an erased accepted answerer', () => {
    const update = { $set: { kind: 'post', authorId: 'u-here', acceptedAnswererId: 'u-gone' }, $setOnInsert: { asked: false } } as never;
    expect(scrubbed(update, erased)).toEqual({ $set: { kind: 'post', authorId: 'u-here', acceptedAnswererId: null }, $setOnInsert: { asked: false } });
  });
});
