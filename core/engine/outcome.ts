import { z } from 'zod';

/** What submitting one directive did. */
export const DirectiveOutcomeSchema = z
  .object({
    planId: z.string().nullable(),
    groupIds: z.array(z.string()),
    summary: z.string(),
  })
  .strict();
