import { z } from 'zod';

/** Route params of every `/:id` utilities resource. */
export const idParams = z.object({ id: z.uuid() });
