import { parseNaturalQuestion } from './natural-question';

describe('parseNaturalQuestion', () => {
  it.each([
    ['wie spreekt Frans?', '', ['fr']],
    ['who speaks French', '', ['fr']],
    ['Wie spreekt Frans en Duits', '', ['fr', 'de']],
    ['Frans sprekende collega met verstand van contracten', 'contracten', ['fr']],
    ['who knows kubernetes?', 'kubernetes', []],
    ['wie kan helpen met Kubernetes', 'Kubernetes', []],
    ['Is there anyone who can help me with C++ and node.js?', 'C++ node.js', []],
    ['Frans', 'Frans', []], // a language without a "speaks" word stays text (the synonyms do the rest)
    ['ontwikkelaars in Utrecht', 'ontwikkelaars Utrecht', []],
    ['help', 'help', []], // only filler words: searched as typed
    ['', '', []],
  ])('%j → text %j, languages %j', (input, text, languages) => {
    expect(parseNaturalQuestion(input)).toEqual({ text, languages });
  });
});
