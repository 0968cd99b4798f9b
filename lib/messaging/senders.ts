/**
 * Who sent a message decides what it may ask. A content script runs inside web pages, so anything
 * it sends may be shaped by the page: it may only report a selection the student acted on.
 */
import type { BackgroundInbox } from './protocol';

export type SenderContext = 'content' | 'sidepanel' | 'offscreen' | 'extension-page' | 'foreign';

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export function senderContext(sender: SenderLike, extensionId: string, extensionOrigin: string): SenderContext {
  if (sender.id !== extensionId) return 'foreign';
  const origin = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  if (sender.url?.startsWith(origin)) {
    const path = new URL(sender.url).pathname;
    if (path === '/sidepanel.html') return 'sidepanel';
    if (path === '/offscreen.html') return 'offscreen';
    return 'extension-page';
  }
  // Our own id but a web URL: a content script, running inside somebody's page.
  return sender.tab ? 'content' : 'foreign';
}

const ALLOWED: Record<SenderContext, ReadonlySet<BackgroundInbox['type']>> = {
  content: new Set(['selection.action']),
  sidepanel: new Set([
    'engine.ensure',
    'page.target',
    'page.capture',
    'selection.take',
    'page.selection',
    'review.changed',
    'video.seek',
    'ocr.stop',
    'image.take',
    'image.read',
    'ocr.languages',
    'ocr.download',
    'ocr.delete',
  ]),
  offscreen: new Set(['offscreen.ready', 'offscreen.idle', 'ocr.progress', 'ocr.download.progress']),
  'extension-page': new Set(),
  foreign: new Set(),
};

export function mayAsk(context: SenderContext, type: BackgroundInbox['type']): boolean {
  return ALLOWED[context].has(type);
}

/** Only the side panel may hold an engine port (content scripts can call runtime.connect too). */
export function mayConnectToEngine(context: SenderContext): boolean {
  return context === 'sidepanel';
}
