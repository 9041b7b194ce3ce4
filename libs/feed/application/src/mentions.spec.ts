import { RAW_BODY_MAX } from '@plein/feed/domain';
import { mentionDirectory } from './mentions';
import type { UserReadModel } from './ports';

const ANNA = '01964b1e-0000-7000-8000-000000000105';

function users() {
  const lookups: { handles: readonly string[]; ids: readonly string[] }[] = [];
  const model = {
    resolveHandles: async (handles: readonly string[], ids: readonly string[]) => {
      lookups.push({ handles, ids });
      return new Map(handles.includes('anna') ? [['anna', ANNA]] : []);
    },
  } as unknown as UserReadModel;
  return { model, lookups };
}

describe('mentionDirectory', () => {
  it('resolves the handles of every text within the raw input cap', async () => {
    const { model, lookups } = users();
    const directory = await mentionDirectory(model, 'Hi @anna and @bob', undefined, `@[${ANNA}]`);
    expect(directory.get('anna')).toBe(ANNA);
    expect(lookups).toEqual([{ handles: ['anna', 'bob'], ids: [ANNA] }]);
  });

  it('does not parse a text over the raw input cap (the decider refuses it, naming the field, before parsing)', async () => {
    const { model, lookups } = users();
    const tooLong = '@anna ' + 'x'.repeat(RAW_BODY_MAX);
    expect(await mentionDirectory(model, tooLong)).toEqual(new Map());
    expect(lookups).toEqual([]);
  });

  it('still resolves the other texts when one is over the cap', async () => {
    const { model, lookups } = users();
    await mentionDirectory(model, '@bob ' + 'x'.repeat(RAW_BODY_MAX), '@anna');
    expect(lookups).toEqual([{ handles: ['anna'], ids: [] }]);
  });
});
