import { ConfigError } from '@plein/shared/config';
import { loadProfilesConfig } from './profiles.config';

describe('expertise settings', () => {
  it('default to a 180-day half-life, suggestions after 2 hours, looked for every 30 s', () => {
    expect(loadProfilesConfig({}).expertise).toEqual({ halfLifeDays: 180, suggestAfterMinutes: 120, suggestIntervalMs: 30_000 });
  });

  it('read the variables', () => {
    expect(loadProfilesConfig({ EXPERTISE_HALF_LIFE_DAYS: '30', EXPERT_SUGGEST_AFTER_MINUTES: '15', EXPERT_SUGGEST_INTERVAL_SECONDS: '5' }).expertise).toEqual({
      halfLifeDays: 30,
      suggestAfterMinutes: 15,
      suggestIntervalMs: 5_000,
    });
  });

  it('refuse a bad value naming every variable', () => {
    let error: unknown;
    try {
      loadProfilesConfig({ EXPERTISE_HALF_LIFE_DAYS: '0', EXPERT_SUGGEST_AFTER_MINUTES: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).violations.map((v) => v.field).sort()).toEqual(['EXPERTISE_HALF_LIFE_DAYS', 'EXPERT_SUGGEST_AFTER_MINUTES']);
  });
});
