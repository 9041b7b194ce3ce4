import { INSIGHTS_VIEWER } from './insights.routes';

/** Plain words for employees and the works council, in English and Dutch. */
export interface Words {
  readonly en: string;
  readonly nl: string;
}

export interface TransparencyStatement {
  readonly k: number;
  readonly retentionDays: number;
  readonly viewerRole: string;
  readonly measured: readonly Words[];
  readonly notMeasured: readonly Words[];
  readonly whoCanSee: Words;
  readonly privacy: readonly Words[];
}

export function transparencyStatement(k: number, retentionDays: number): TransparencyStatement {
  return {
    k,
    retentionDays,
    viewerRole: INSIGHTS_VIEWER,
    measured: [
      { en: 'How many people used Plein per day, week and month: posted, commented, reacted, responded to an event or sign-up, or visited.', nl: 'Hoeveel mensen Plein per dag, week en maand gebruikten: iets plaatsten, reageerden, een reactie (like) gaven, op een evenement of inschrijving reageerden, of Plein bezochten.' },
      { en: 'How many posts, comments and reactions there were, and how many groups were active.', nl: 'Hoeveel berichten, reacties en likes er waren, en hoeveel groepen actief waren.' },
      {
        en: 'Per kind of post (for example questions or announcements) and per thing a post asks for (an answer, a confirmation, a vote): how many posts there were and how many comments, reactions and responses they got, also per post.',
        nl: 'Per soort bericht (bijvoorbeeld vragen of mededelingen) en per ding waar een bericht om vraagt (een antwoord, een bevestiging, een stem): hoeveel berichten er waren en hoeveel reacties, likes en antwoorden ze kregen, ook per bericht.',
      },
      {
        en: 'How complete profiles are, counted in bands (for example 75 to 99 percent), for the whole organisation and per department, location or management level. For this Plein only notes whether each part of a profile is filled in, never what it says.',
        nl: 'Hoe volledig profielen zijn, geteld in groepen (bijvoorbeeld 75 tot 99 procent), voor de hele organisatie en per afdeling, locatie of managementniveau. Daarvoor noteert Plein alleen of elk onderdeel van een profiel is ingevuld, nooit wat erin staat.',
      },
      { en: 'How managers, directors and the board take part: how many are active, how quickly questions from their own department get an answer, and how much of the conversation comes from leaders.', nl: 'Hoe managers, directeuren en de directie meedoen: hoeveel actief zijn, hoe snel vragen uit hun eigen afdeling antwoord krijgen, en welk deel van het gesprek van leidinggevenden komt.' },
      { en: 'How many people confirmed they read an announcement, how questions get answered, and how ideas move from proposed to done.', nl: 'Hoeveel mensen bevestigden dat ze een mededeling hebben gelezen, hoe vragen beantwoord worden, en hoe ideeën van voorstel tot uitgevoerd komen.' },
      { en: 'All of this per department (one level at a time), per location or per management level, never combined.', nl: 'Dit alles per afdeling (één niveau tegelijk), per locatie of per managementniveau, nooit gecombineerd.' },
    ],
    notMeasured: [
      { en: 'What one person did. There is no view, list or export of individual people, and none can be asked for.', nl: 'Wat één persoon deed. Er is geen overzicht, lijst of export van individuele mensen, en die kan ook niemand opvragen.' },
      { en: 'What people wrote: the contents of posts and comments are not used.', nl: 'Wat mensen schreven: de inhoud van berichten en reacties wordt niet gebruikt.' },
    ],
    whoCanSee: {
      en: `Only people an administrator gave the role "${INSIGHTS_VIEWER}". Administrators do not see the figures unless they have that role too; giving the role is recorded.`,
      nl: `Alleen mensen aan wie een beheerder de rol "${INSIGHTS_VIEWER}" heeft gegeven. Beheerders zien de cijfers niet, tenzij ze die rol ook hebben; het toekennen van de rol wordt vastgelegd.`,
    },
    privacy: [
      { en: `Every number covers at least ${k} people. A smaller group is shown as hidden, and so is at least one other number where needed, so nobody can work out the hidden one by subtracting.`, nl: `Elk getal gaat over minstens ${k} mensen. Een kleinere groep wordt verborgen, en waar nodig nog een ander getal, zodat niemand het verborgen getal kan uitrekenen door af te trekken.` },
      { en: 'To count each person only once per day, week or month, Plein keeps a coded number per person instead of their name or id. That code cannot be turned back into a person without a secret key only the service has.', nl: 'Om iedereen maar één keer per dag, week of maand te tellen, bewaart Plein per persoon een gecodeerd nummer in plaats van naam of id. Die code is zonder een geheime sleutel, die alleen de dienst heeft, niet terug te voeren op een persoon.' },
      { en: `These coded facts are deleted after ${retentionDays} days. The totals stay.`, nl: `Deze gecodeerde gegevens worden na ${retentionDays} dagen verwijderd. De totalen blijven bewaard.` },
    ],
  };
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The statement as a plain HTML page, Dutch first, then English; no scripts, no external resources. */
export function transparencyPage(statement: TransparencyStatement): string {
  const section = (lang: 'nl' | 'en') => {
    const t =
      lang === 'nl'
        ? { title: 'Wat Plein Inzichten meet', measured: 'Wat we meten', not: 'Wat we niet meten', who: 'Wie de cijfers ziet', privacy: 'Hoe we privacy beschermen' }
        : { title: 'What Plein Insights measures', measured: 'What we measure', not: 'What we do not measure', who: 'Who sees the figures', privacy: 'How we protect privacy' };
    const list = (items: readonly Words[]) => `<ul>${items.map((w) => `<li>${escape(w[lang])}</li>`).join('')}</ul>`;
    return `<section lang="${lang}"><h1>${t.title}</h1><h2>${t.measured}</h2>${list(statement.measured)}<h2>${t.not}</h2>${list(statement.notMeasured)}<h2>${t.who}</h2><p>${escape(statement.whoCanSee[lang])}</p><h2>${t.privacy}</h2>${list(statement.privacy)}</section>`;
  };
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Plein Inzichten / Insights</title></head><body>${section('nl')}<hr>${section('en')}</body></html>`;
}
