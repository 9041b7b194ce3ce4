import { canonicalJson, SetDigest } from './checksum';

describe('checksums', () => {
  it('serialises objects independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1, skip: undefined })).toBe('{"a":1}');
  });

  it('digests a set independently of order, and tells different sets apart', () => {
    const digest = (docs: string[]) => {
      const d = new SetDigest();
      docs.forEach((doc) => d.add(doc));
      return d.toString();
    };
    expect(digest(['a', 'b', 'c'])).toBe(digest(['c', 'a', 'b']));
    expect(digest(['a', 'b', 'c'])).not.toBe(digest(['a', 'b', 'd']));
    expect(digest(['a', 'b'])).not.toBe(digest(['a', 'b', 'b']));
  });
});
