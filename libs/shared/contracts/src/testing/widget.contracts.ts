import { defineEvent, defineTopic, defineUpcaster } from '../event-contract';
import { topicName } from '../naming';

/**
 * A tiny contract family used only by this library's tests: `test.widget.renamed` has three
 * versions, so the upcaster chain v1 -> v2 -> v3 is exercised end to end.
 *   v1 { name }                      v2 { name, locale }  (required field added: a breaking change)
 *   v3 { title: { text, locale } }   (field renamed and nested)
 */
export const widgetTopic = defineTopic({
  name: topicName('test', 'widget', 1),
  aggregateType: 'widget',
  description: 'Widgets of the test service.',
  key: { description: 'Widget id (UUIDv7).', example: '01964b1e-0000-7000-8000-0000000000f1' },
});

export interface WidgetCreatedV1 { name: string; colour?: 'red' | 'green'; tags?: string[] }
export interface WidgetRenamedV1 { name: string }
export interface WidgetRenamedV2 { name: string; locale: string }
export interface WidgetRenamedV3 { title: { text: string; locale: string } }

export const widgetCreatedV1 = defineEvent<WidgetCreatedV1>({
  type: 'test.widget.created',
  version: 1,
  aggregateType: 'widget',
  topic: widgetTopic,
  description: 'A widget was created.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 50 },
      colour: { type: 'string', enum: ['red', 'green'] },
      tags: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 3 },
    },
  },
  example: { name: 'Sprocket', colour: 'red' },
});

const name = { type: 'string', minLength: 1, maxLength: 50 };
const locale = { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' };

export const widgetRenamedV1 = defineEvent<WidgetRenamedV1>({
  type: 'test.widget.renamed', version: 1, aggregateType: 'widget', topic: widgetTopic, description: 'Renamed (v1).', deprecated: true,
  schema: { type: 'object', additionalProperties: false, required: ['name'], properties: { name } },
  example: { name: 'Gear' },
});

export const widgetRenamedV2 = defineEvent<WidgetRenamedV2>({
  type: 'test.widget.renamed', version: 2, aggregateType: 'widget', topic: widgetTopic, description: 'Renamed (v2).', deprecated: true,
  schema: { type: 'object', additionalProperties: false, required: ['name', 'locale'], properties: { name, locale } },
  example: { name: 'Gear', locale: 'en' },
});

export const widgetRenamedV3 = defineEvent<WidgetRenamedV3>({
  type: 'test.widget.renamed', version: 3, aggregateType: 'widget', topic: widgetTopic, description: 'Renamed (v3).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['title'],
    properties: { title: { type: 'object', additionalProperties: false, required: ['text', 'locale'], properties: { text: name, locale } } },
  },
  example: { title: { text: 'Gear', locale: 'en' } },
});

export const widgetUpcasters = [
  // v1 events predate localisation; every widget then was named in English.
  defineUpcaster<WidgetRenamedV1, WidgetRenamedV2>({ type: 'test.widget.renamed', fromVersion: 1, upcast: (d) => ({ name: d.name, locale: 'en' }) }),
  defineUpcaster<WidgetRenamedV2, WidgetRenamedV3>({
    type: 'test.widget.renamed',
    fromVersion: 2,
    upcast: (d) => ({ title: { text: d.name, locale: d.locale } }),
  }),
];

export const widgetContracts = [widgetCreatedV1, widgetRenamedV1, widgetRenamedV2, widgetRenamedV3];
