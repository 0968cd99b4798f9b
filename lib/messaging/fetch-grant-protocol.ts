/**
 * A fetch grant as it travels from the background to the offscreen document (inside `pdf.extract`):
 * what one student action on one tab may fetch. Issued and checked in lib/privacy/fetch-grant.ts.
 */
import { z } from 'zod';

export const fetchGrantSchema = z.object({
  tabId: z.number().int(),
  pageUrl: z.string(),
  resources: z.array(z.string()).max(32),
  issuedAt: z.number(),
  expiresAt: z.number(),
});
export type FetchGrant = z.infer<typeof fetchGrantSchema>;
