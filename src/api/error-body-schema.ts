import { z } from 'zod';

/** The one error body of the API (see `buildHttpApp`): what went wrong, and for bad input each problem and where. */
export const errorBodySchema = z.object({
  error: z.string(),
  issues: z
    .array(
      z.object({
        line: z.number().int().optional().describe('line of the register, for an import'),
        field: z.string().optional(),
        message: z.string(),
      }),
    )
    .optional(),
});
