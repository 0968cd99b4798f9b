/**
 * What the student can do with an image's text ("Read this image with Locus") besides summarizing
 * it: ask about it (the Ask view) and save it to the library. The image's box lives in the
 * Summarize view; these actions reach the other views' state, wired once by start-panel.ts.
 */
import { signal } from '@preact/signals';
import type { CapturedPage, PendingImage } from '../messaging/protocol';

export interface ImageTextUses {
  /** Opens the Ask view on the image's text. */
  ask(page: CapturedPage, from: PendingImage['page']): void;
  /** Opens the Library view and saves the image's text there (marked as read with OCR). */
  save(page: CapturedPage, from: PendingImage['page']): void;
}

export const imageTextUses = signal<ImageTextUses | null>(null);
