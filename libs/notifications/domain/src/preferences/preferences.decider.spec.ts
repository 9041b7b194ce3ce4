import { NO_CHOICES, preferencesDecider, type PreferencesState } from './preferences.decider';

const userId = '01964b1e-0000-7000-8000-000000000101';
const fold = (state: PreferencesState, events: ReturnType<typeof preferencesDecider.decide>) => events.reduce(preferencesDecider.evolve, state);

describe('preferencesDecider', () => {
  it('records a change with the full new choices, and nothing for the same values again (in any key order)', () => {
    const choices = { ...NO_CHOICES, timeZone: 'Europe/Amsterdam', channels: { reaction: { push: false, 'in-app': true } } };
    const first = preferencesDecider.decide({ type: 'SetPreferences', userId, choices }, preferencesDecider.initialState());
    expect(first).toEqual([{ type: 'notifications.preferences.changed', version: 1, data: { userId, ...choices } }]);
    const state = fold(preferencesDecider.initialState(), first);
    const reordered = { ...choices, channels: { reaction: { 'in-app': true, push: false } } };
    expect(preferencesDecider.decide({ type: 'SetPreferences', userId, choices: reordered }, state)).toEqual([]);
  });

  it('records nothing when someone sets exactly the choices nobody set, and defaults only when they change', () => {
    expect(preferencesDecider.decide({ type: 'SetPreferences', userId, choices: NO_CHOICES }, preferencesDecider.initialState())).toEqual([]);
    const set = preferencesDecider.decide({ type: 'SetDefaults', channels: { reaction: { push: false } } }, preferencesDecider.initialState());
    expect(set).toHaveLength(1);
    expect(preferencesDecider.decide({ type: 'SetDefaults', channels: { reaction: { push: false } } }, fold(preferencesDecider.initialState(), set))).toEqual([]);
  });
});
