import { z } from 'zod';

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, `must be an integer between ${min} and ${max}`)
    .transform(Number);

/** Expertise settings, the `expertise` section of the profiles config (docs/configuration.md). */
export const expertiseSettings = () =>
  z
    .object({
      // Evidence loses half its weight every this many days.
      EXPERTISE_HALF_LIFE_DAYS: integer(180, 1, 3_650),
      // A question without an accepted answer this long gets expert suggestions.
      EXPERT_SUGGEST_AFTER_MINUTES: integer(120, 1, 43_200),
      // How often due questions are looked for.
      EXPERT_SUGGEST_INTERVAL_SECONDS: integer(30, 1, 3_600),
    })
    .transform((e) => ({ halfLifeDays: e.EXPERTISE_HALF_LIFE_DAYS, suggestAfterMinutes: e.EXPERT_SUGGEST_AFTER_MINUTES, suggestIntervalMs: e.EXPERT_SUGGEST_INTERVAL_SECONDS * 1_000 }));
