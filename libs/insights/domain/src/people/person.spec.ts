import { pseudonymise } from './person';

describe('pseudonymise', () => {
  const secret = 'a-secret-of-at-least-thirty-two-chars!';
  it('is stable per secret and unlinkable without it', () => {
    const id = '01964b1e-0000-7000-8000-000000000101';
    expect(pseudonymise(id, secret)).toBe(pseudonymise(id, secret));
    expect(pseudonymise(id, secret)).not.toBe(pseudonymise(id, `${secret}x`));
    expect(pseudonymise(id, secret)).not.toContain(id);
    expect(pseudonymise(id, secret)).toHaveLength(43);
  });
  it('refuses a short secret', () => {
    expect(() => pseudonymise('u', 'short')).toThrow(/32 characters/);
  });
});
