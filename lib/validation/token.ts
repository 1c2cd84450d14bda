import { z } from 'zod';
import { cleanText } from './common';

export const createTokenSchema = z.object({
  label: z
    .string({ error: 'Give the token a label' }).overwrite(cleanText)
    .trim()
    .min(1, { error: 'Give the token a label, like "CI export"' })
    .max(80, { error: 'Keep the label under 80 characters' })
    .default('API token'),
});
