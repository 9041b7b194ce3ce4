import { format } from './format';

describe('format', () => {
  it('fills named placeholders, every occurrence', () => {
    expect(format('Berichten met #{tag} ({n}, #{tag})', { tag: 'koffie', n: 3 })).toBe('Berichten met #koffie (3, #koffie)');
  });

  it('leaves a placeholder without a value visible, also one named like an Object property', () => {
    expect(format('{n} reacties, {constructor}', {})).toBe('{n} reacties, {constructor}');
  });

  it('puts values in literally (no second round of placeholders)', () => {
    expect(format('{a}', { a: '{b}', b: 'x' })).toBe('{b}');
  });
});
