import { uuidv7 } from '@plein/shared/kernel';
import type { LanguageLevel } from '@plein/profiles/contracts';
import { prng } from '@plein/bench-kit';

/**
 * A generated organisation for the people-search benchmark (deterministic for a given size):
 * - departments as paths, 8 divisions × 5 departments × 4 teams (`Engineering/Platform/Search`);
 *   12 locations; titles by division; a manager per team;
 * - every person: 3–12 skills from a vocabulary of about 150 terms (Zipf-like: a few skills are common,
 *   most are rare; taxonomy terms with Dutch/English labels and synonyms, plus free text), Dutch
 *   native or English native, English at B1..C2, a third with a third language; 0–3 ask-me-about
 *   topics; a short Dutch or English bio built from the skills; 0–4 expertise entries (evidence:
 *   topic, score 0..1, explanation) of which the strongest is the rank boost.
 * The same person is available as identity/profile data (for the event path) and as the expected
 * search source.
 */

export interface GeneratedPerson {
  readonly userId: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title: string;
  readonly department: string;
  readonly location: string;
  readonly managementLevel: 'employee' | 'manager' | 'director' | 'board';
  readonly managerId: string | null;
  readonly skills: string[];
  readonly languages: { code: string; level: LanguageLevel }[];
  readonly askMeAbout: string[];
  readonly bio: string;
  readonly expertise: { topic: string; score: number; explanation: string }[];
}

/** A curated term with its labels and the other names people type for it. */
export interface TaxonomyTerm {
  readonly id: string;
  readonly en: string;
  readonly nl: string;
  readonly synonyms: readonly string[];
}

const GIVEN = ['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jesse', 'Julia', 'Lars', 'Lotte', 'Milan', 'Noor', 'Olivier', 'Pien', 'Quinten', 'Roos', 'Sem', 'Tess', 'Thijs', 'Vera', 'Wouter', 'Yara', 'Zoë', 'Ahmed', 'Fatima', 'Mohammed', 'Priya', 'Wei', 'Sofia', 'Lucas', 'Eva', 'Noah', 'Mila', 'Bastiaan', 'Élodie', 'Jan', 'Sanne'];
const FAMILY = ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'Kok', 'Jacobs', 'Haddou', 'Yilmaz', 'Nguyen', 'Öztürk', 'García', 'Müller', 'Rossi', 'Kowalski', 'Ali', 'Chen', 'Singh', 'Okafor', 'Lefèvre'];
const LOCATIONS = ['Amsterdam', 'Utrecht', 'Rotterdam', 'Den Haag', 'Eindhoven', 'Groningen', 'Zwolle', 'Antwerpen', 'Brussel', 'Londen', 'Berlijn', 'Remote'];
const DIVISIONS: Record<string, { departments: string[]; titles: string[]; skills: number[] }> = {
  Engineering: { departments: ['Platform', 'Product', 'Data', 'Security', 'Mobile'], titles: ['Software Engineer', 'Senior Software Engineer', 'Ontwikkelaar', 'Architect', 'Site Reliability Engineer'], skills: [0, 60] },
  Finance: { departments: ['Accounting', 'Control', 'Treasury', 'Tax', 'Procurement'], titles: ['Controller', 'Accountant', 'Financieel Analist', 'Inkoper', 'Fiscalist'], skills: [60, 90] },
  People: { departments: ['Recruitment', 'Learning', 'Payroll', 'Wellbeing', 'HR Business Partners'], titles: ['Recruiter', 'HR Adviseur', 'Trainer', 'Payroll Specialist', 'Coach'], skills: [90, 110] },
  Sales: { departments: ['Enterprise', 'Public Sector', 'Partners', 'Inside Sales', 'Benelux'], titles: ['Account Manager', 'Sales Engineer', 'Accountmanager', 'Partner Manager', 'Business Developer'], skills: [110, 130] },
  Marketing: { departments: ['Brand', 'Content', 'Events', 'Digital', 'Communications'], titles: ['Marketeer', 'Content Strategist', 'Communicatieadviseur', 'Designer', 'Event Manager'], skills: [130, 150] },
  Legal: { departments: ['Contracts', 'Privacy', 'Compliance', 'Litigation', 'IP'], titles: ['Jurist', 'Legal Counsel', 'Privacy Officer', 'Compliance Officer', 'Paralegal'], skills: [150, 160] },
  Operations: { departments: ['Facilities', 'Logistics', 'Service Desk', 'Quality', 'Projects'], titles: ['Projectleider', 'Operations Manager', 'Service Desk Medewerker', 'Kwaliteitsmanager', 'Planner'], skills: [100, 160] },
  Research: { departments: ['AI', 'Sustainability', 'Innovation Lab', 'Insights', 'Standards'], titles: ['Onderzoeker', 'Data Scientist', 'Research Engineer', 'Innovatiemanager', 'Analist'], skills: [20, 80] },
};
const TEAMS = ['Alpha', 'Beta', 'Gamma', 'Delta'];

/** The vocabulary: [id, English, Dutch, synonyms...]; the first ones technical, the last ones business. */
const TERMS: [string, string, string, ...string[]][] = [
  ['kubernetes', 'Kubernetes', 'Kubernetes', 'k8s', 'kube'], ['docker', 'Docker', 'Docker', 'containers'], ['typescript', 'TypeScript', 'TypeScript', 'ts'], ['javascript', 'JavaScript', 'JavaScript', 'js', 'ecmascript'],
  ['python', 'Python', 'Python'], ['java', 'Java', 'Java'], ['go', 'Go', 'Go', 'golang'], ['rust', 'Rust', 'Rust'], ['postgresql', 'PostgreSQL', 'PostgreSQL', 'postgres'], ['mongodb', 'MongoDB', 'MongoDB', 'mongo'],
  ['elasticsearch', 'Elasticsearch', 'Elasticsearch', 'elastic'], ['kafka', 'Kafka', 'Kafka'], ['terraform', 'Terraform', 'Terraform'], ['aws', 'AWS', 'AWS', 'amazon web services'], ['azure', 'Azure', 'Azure'],
  ['react', 'React', 'React', 'reactjs'], ['angular', 'Angular', 'Angular'], ['nodejs', 'Node.js', 'Node.js', 'node'], ['machine-learning', 'Machine learning', 'Machine learning', 'ml'], ['data-engineering', 'Data engineering', 'Data-engineering'],
  ['security', 'Security', 'Beveiliging', 'infosec'], ['accessibility', 'Accessibility', 'Toegankelijkheid', 'a11y'], ['testing', 'Testing', 'Testen', 'qa'], ['devops', 'DevOps', 'DevOps'], ['linux', 'Linux', 'Linux'],
  ['networking', 'Networking', 'Netwerken'], ['observability', 'Observability', 'Observeerbaarheid', 'monitoring'], ['api-design', 'API design', 'API-ontwerp', 'rest'], ['graphql', 'GraphQL', 'GraphQL'], ['ios', 'iOS', 'iOS', 'swift'],
  ['android', 'Android', 'Android', 'kotlin'], ['ux', 'UX design', 'UX-ontwerp', 'user experience'], ['architecture', 'Software architecture', 'Softwarearchitectuur'], ['scrum', 'Scrum', 'Scrum'], ['agile', 'Agile', 'Agile', 'wendbaar werken'],
  ['sql', 'SQL', 'SQL'], ['spark', 'Apache Spark', 'Apache Spark', 'spark'], ['airflow', 'Airflow', 'Airflow'], ['dbt', 'dbt', 'dbt'], ['statistics', 'Statistics', 'Statistiek'],
  ['nlp', 'Natural language processing', 'Taaltechnologie', 'nlp'], ['computer-vision', 'Computer vision', 'Beeldherkenning'], ['llm', 'Large language models', 'Grote taalmodellen', 'llm', 'genai'], ['cryptography', 'Cryptography', 'Cryptografie'], ['identity', 'Identity management', 'Identiteitsbeheer', 'iam'],
  ['oauth', 'OAuth', 'OAuth', 'openid connect'], ['ci-cd', 'CI/CD', 'CI/CD', 'continuous delivery'], ['git', 'Git', 'Git'], ['performance', 'Performance tuning', 'Prestatieoptimalisatie'], ['embedded', 'Embedded systems', 'Embedded systemen'],
  ['c-sharp', 'C#', 'C#', 'dotnet'], ['php', 'PHP', 'PHP'], ['ruby', 'Ruby', 'Ruby'], ['scala', 'Scala', 'Scala'], ['haskell', 'Haskell', 'Haskell'],
  ['redis', 'Redis', 'Redis'], ['rabbitmq', 'RabbitMQ', 'RabbitMQ'], ['grafana', 'Grafana', 'Grafana'], ['prometheus', 'Prometheus', 'Prometheus'], ['ansible', 'Ansible', 'Ansible'],
  ['accounting', 'Accounting', 'Boekhouding'], ['ifrs', 'IFRS', 'IFRS'], ['budgeting', 'Budgeting', 'Budgetteren'], ['forecasting', 'Forecasting', 'Prognoses'], ['tax', 'Tax law', 'Belastingrecht'],
  ['vat', 'VAT', 'Btw', 'vat'], ['treasury', 'Treasury', 'Treasury'], ['procurement', 'Procurement', 'Inkoop'], ['excel', 'Excel', 'Excel'], ['power-bi', 'Power BI', 'Power BI', 'powerbi'],
  ['sap', 'SAP', 'SAP'], ['audit', 'Auditing', 'Auditing', 'controle'], ['risk', 'Risk management', 'Risicomanagement'], ['controlling', 'Controlling', 'Controlling'], ['payroll', 'Payroll', 'Salarisadministratie'],
  ['pensions', 'Pensions', 'Pensioenen'], ['invoicing', 'Invoicing', 'Facturatie'], ['cash-management', 'Cash management', 'Kasbeheer'], ['mergers', 'Mergers and acquisitions', 'Fusies en overnames', 'm&a'], ['esg-reporting', 'ESG reporting', 'Duurzaamheidsrapportage'],
  ['subsidies', 'Subsidies', 'Subsidies'], ['contracts-finance', 'Contract management', 'Contractbeheer'], ['valuation', 'Valuation', 'Waardering'], ['cost-accounting', 'Cost accounting', 'Kostprijscalculatie'], ['xbrl', 'XBRL', 'XBRL'],
  ['recruitment', 'Recruitment', 'Werving', 'recruiting'], ['coaching', 'Coaching', 'Coaching'], ['training', 'Training', 'Opleiden'], ['onboarding', 'Onboarding', 'Inwerken'], ['labour-law', 'Labour law', 'Arbeidsrecht'],
  ['diversity', 'Diversity and inclusion', 'Diversiteit en inclusie', 'd&i'], ['wellbeing', 'Wellbeing', 'Vitaliteit'], ['mediation', 'Mediation', 'Mediation'], ['leadership', 'Leadership', 'Leiderschap'], ['change-management', 'Change management', 'Verandermanagement'],
  ['facilitation', 'Facilitation', 'Facilitatie'], ['public-speaking', 'Public speaking', 'Presenteren'], ['negotiation', 'Negotiation', 'Onderhandelen'], ['project-management', 'Project management', 'Projectmanagement', 'prince2'], ['lean', 'Lean', 'Lean', 'six sigma'],
  ['logistics', 'Logistics', 'Logistiek'], ['planning', 'Planning', 'Planning'], ['quality', 'Quality management', 'Kwaliteitsmanagement', 'iso 9001'], ['facility', 'Facility management', 'Facilitair beheer'], ['itil', 'ITIL', 'ITIL'],
  ['sales', 'Sales', 'Verkoop'], ['account-management', 'Account management', 'Accountbeheer'], ['crm', 'CRM', 'CRM', 'salesforce'], ['tenders', 'Tenders', 'Aanbestedingen'], ['partnerships', 'Partnerships', 'Partnerschappen'],
  ['pricing', 'Pricing', 'Prijsstelling'], ['presales', 'Presales', 'Presales'], ['customer-success', 'Customer success', 'Klantsucces'], ['public-sector', 'Public sector', 'Overheid'], ['healthcare', 'Healthcare', 'Zorg'],
  ['energy', 'Energy sector', 'Energiesector'], ['retail', 'Retail', 'Retail'], ['banking', 'Banking', 'Bankwezen'], ['insurance', 'Insurance', 'Verzekeringen'], ['telecom', 'Telecom', 'Telecom'],
  ['marketing', 'Marketing', 'Marketing'], ['seo', 'SEO', 'Zoekmachineoptimalisatie', 'seo'], ['copywriting', 'Copywriting', 'Tekstschrijven'], ['branding', 'Branding', 'Merkstrategie'], ['social-media', 'Social media', 'Sociale media'],
  ['events', 'Event management', 'Evenementen'], ['video', 'Video production', 'Videoproductie'], ['photography', 'Photography', 'Fotografie'], ['graphic-design', 'Graphic design', 'Grafisch ontwerp'], ['analytics', 'Web analytics', 'Webanalyse'],
  ['privacy', 'Privacy', 'Privacy', 'gdpr', 'avg'], ['compliance', 'Compliance', 'Compliance'], ['contract-law', 'Contract law', 'Contractenrecht'], ['ip-law', 'Intellectual property', 'Intellectueel eigendom'], ['litigation', 'Litigation', 'Procesrecht'],
  ['sustainability', 'Sustainability', 'Duurzaamheid'], ['circular-economy', 'Circular economy', 'Circulaire economie'], ['innovation', 'Innovation', 'Innovatie'], ['design-thinking', 'Design thinking', 'Design thinking'], ['research-methods', 'Research methods', 'Onderzoeksmethoden'],
  ['french', 'French', 'Frans'], ['german', 'German', 'Duits'], ['spanish', 'Spanish', 'Spaans'], ['arabic', 'Arabic', 'Arabisch'], ['mandarin', 'Mandarin', 'Mandarijn'],
  ['first-aid', 'First aid', 'EHBO', 'bhv'], ['sign-language', 'Sign language', 'Gebarentaal'], ['woodworking', 'Woodworking', 'Houtbewerking'], ['chess', 'Chess', 'Schaken'], ['cycling', 'Cycling', 'Wielrennen'],
];
export const TAXONOMY: readonly TaxonomyTerm[] = TERMS.map(([id, en, nl, ...synonyms]) => ({ id, en, nl, synonyms }));
const LANG_CODES = ['fr', 'de', 'es', 'ar', 'zh', 'tr', 'pl', 'it'];
const LEVELS: LanguageLevel[] = ['B1', 'B2', 'C1', 'C2'];
const ASK = ['onboarding in het team', 'our release process', 'de kantine-app', 'hybrid working', 'declaraties', 'the travel policy', 'mentoring juniors', 'het intranet', 'public transport passes', 'ergonomie op de werkplek'];

/** `count` people; the first of each team is its manager, team managers report to the division's director, directors to the board. */
export function generateOrganisation(count: number, seed = 42): GeneratedPerson[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const zipfIn = (from: number, to: number) => Math.min(TAXONOMY.length - 1, from + Math.floor((Math.min(to, TAXONOMY.length) - from) * random() ** 2.2));
  const divisions = Object.keys(DIVISIONS);
  const teams: string[] = divisions.flatMap((d) => DIVISIONS[d]!.departments.flatMap((dep) => TEAMS.map((t) => `${d}/${dep}/${t}`)));
  const board = uuidv7();
  const directors = new Map(divisions.map((d) => [d, uuidv7()]));
  const teamManagers = new Map<string, string>();
  const people: GeneratedPerson[] = [];
  for (let i = 0; i < count; i++) {
    const givenName = pick(GIVEN);
    const familyName = pick(FAMILY);
    const team = i === 0 ? 'Board' : teams[i % teams.length]!;
    const division = team.split('/')[0]!;
    const spec = DIVISIONS[division] ?? DIVISIONS['Operations']!;
    let userId: string;
    let managerId: string | null;
    let managementLevel: GeneratedPerson['managementLevel'] = 'employee';
    if (i === 0) {
      [userId, managerId, managementLevel] = [board, null, 'board'];
    } else if (i <= divisions.length) {
      const d = divisions[i - 1]!;
      [userId, managerId, managementLevel] = [directors.get(d)!, board, 'director'];
    } else if (!teamManagers.has(team)) {
      userId = uuidv7();
      teamManagers.set(team, userId);
      [managerId, managementLevel] = [directors.get(division)!, 'manager'];
    } else {
      userId = uuidv7();
      managerId = teamManagers.get(team)!;
    }
    const skillCount = 3 + Math.floor(random() * 10);
    const skills = new Set<string>();
    for (let s = 0; s < skillCount; s++) {
      const [from, to] = random() < 0.75 ? spec.skills : [0, TAXONOMY.length];
      const term = TAXONOMY[zipfIn(from!, to!)]!;
      skills.add(random() < 0.9 ? term.id : `${term.en} ${pick(['basics', 'tooling', 'coaching'])}`);
    }
    const dutch = random() < 0.8;
    const languages: GeneratedPerson['languages'] = dutch ? [{ code: 'nl', level: 'native' }, { code: 'en', level: pick(LEVELS) }] : [{ code: 'en', level: 'native' }, { code: 'nl', level: pick(['A1', 'A2', 'B1'] as const) }];
    if (random() < 0.33) languages.push({ code: pick(LANG_CODES), level: pick([...LEVELS, 'A2'] as LanguageLevel[]) });
    const askMeAbout = Array.from({ length: Math.floor(random() * 4) }, () => pick(ASK)).filter((v, k, all) => all.indexOf(v) === k);
    const labels = [...skills].map((s) => TAXONOMY.find((t) => t.id === s)?.[dutch ? 'nl' : 'en'] ?? s);
    const bio = dutch
      ? `Ik werk als ${pick(spec.titles).toLowerCase()} bij ${team.split('/')[1] ?? division} en help collega's graag met ${labels.slice(0, 3).join(', ')}.`
      : `I work on ${team.split('/')[1] ?? division} and enjoy helping colleagues with ${labels.slice(0, 3).join(', ')}.`;
    const expertise = [...skills]
      .filter((s) => TAXONOMY.some((t) => t.id === s))
      .slice(0, Math.floor(random() * 5))
      .map((topic) => {
        const score = Math.round(random() * 1000) / 1000;
        return { topic, score, explanation: `${Math.ceil(score * 12)} posts and ${Math.ceil(score * 5)} endorsements about ${topic} in the last year` };
      })
      // Strongest first, as the expertise part reports it.
      .sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic));
    people.push({
      userId,
      displayName: `${givenName} ${familyName}`,
      givenName,
      familyName,
      title: managementLevel === 'employee' ? pick(spec.titles) : managementLevel === 'manager' ? `Teamlead ${team.split('/')[2] ?? ''}`.trim() : managementLevel === 'director' ? `Director ${division}` : 'CEO',
      department: team,
      location: pick(LOCATIONS),
      managementLevel,
      managerId,
      skills: [...skills],
      languages,
      askMeAbout,
      bio,
      expertise,
    });
  }
  return people;
}

/**
 * The mixed query set people type: plain skills, Dutch inflections, synonyms, typos, names,
 * natural questions in both languages, with and without facet filters (weights by repetition).
 */
export const QUERY_MIX: readonly { text: string; filters?: { departments?: string[]; locations?: string[]; languages?: { code: string; minLevel?: LanguageLevel }[]; skills?: string[] } }[] = [
  { text: 'kubernetes' },
  { text: 'k8s' },
  { text: 'kubernets' },
  { text: 'wie spreekt Frans?' },
  { text: 'who knows terraform?' },
  { text: 'wie kan helpen met belastingrecht' },
  { text: 'ontwikkelaars' },
  { text: 'developers platform' },
  { text: 'Jansen' },
  { text: 'Chloé de Vries' },
  { text: 'privacy avg' },
  { text: 'machine learning', filters: { locations: ['Amsterdam', 'Utrecht'] } },
  { text: 'recruitment', filters: { departments: ['People/Recruitment/Alpha'] } },
  { text: 'project management', filters: { languages: [{ code: 'fr', minLevel: 'B2' }] } },
  { text: 'sales engineer', filters: { skills: ['crm'] } },
  { text: 'duurzaamheid' },
  { text: 'power bi' },
  { text: 'security' },
  { text: 'data scientist statistiek' },
  { text: 'onboarding' },
];
