/**
 * Redaction of a cloud proposal's messages: every message with one mapping, so a value keeps its
 * placeholder throughout. Patterns (and the student's ID format) and the on-device name finder
 * always run; the NER model too when the student chose it. A name in the student's own words is
 * redacted everywhere in the request, also where the finder would not see it; the page's names are
 * kept as written when the settings say so (lib/privacy/kept-names.ts).
 */
import type { ChatMessage } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { CloudProposal } from '../messaging/cloud-protocol';
import { keptNameKeys, nameKey, ownNameOccurrences, ownNames, type DetectedText, type OwnName } from '../privacy/kept-names';
import { findNames as findNamesOnDevice } from '../privacy/names/name-finder';
import type { RecognizerKind } from '../privacy/ner';
import {
  detect,
  ENTITIES,
  previewSegments,
  redactSpans,
  segmentCounts,
  type Entity,
  type NerRecognizer,
  type PlaceholderMap,
  type Span,
} from '../privacy/pii';
import type { Settings } from '../settings/settings';
import { checkStudentIdPattern } from '../settings/student-id-pattern';
import type { ProposalDraft } from './proposal-draft';

/** The recognizers a redaction may use besides the patterns (CloudServiceDeps gives them). */
export interface RedactionTools {
  settings: Pick<Settings, 'nerRedaction' | 'studentIdPattern'>;
  /** The NER model's recognizer, for `nerRedaction: 'name-finder+model'`. */
  ner?: () => Promise<NerRecognizer | undefined>;
  /** The on-device name finder (default: lib/privacy/names). */
  findNames?: (text: string) => Span[];
}

/** A name left as written, and how often. */
export interface KeptName {
  entity: string;
  value: string;
  count: number;
}

export interface Redaction {
  /** The redacted messages with their highlighted segments, as the preview shows them. */
  messages: CloudProposal['messages'];
  mapping: PlaceholderMap;
  /** The page's names kept as written, by `nameKey`. */
  kept: Map<string, KeptName>;
  counts: Record<Entity, number>;
  recognizers: RecognizerKind[];
}

/** The student-ID patterns of the settings ('' = none). */
export function studentIdPatterns(settings: Pick<Settings, 'studentIdPattern'>): RegExp[] {
  if (!settings.studentIdPattern) return [];
  // Settings refuse such a pattern when it is typed; checked again here because it runs over whole pages.
  const check = checkStudentIdPattern(settings.studentIdPattern);
  if (!check.ok)
    throw new LocusError('not-allowed', `Your student ID format cannot be used: ${check.reason} Change it in Privacy. Nothing was sent.`);
  return [new RegExp(settings.studentIdPattern, 'g')];
}

/** The NER model when the student chose it; nothing is sent without it then. */
async function chosenNerModel(tools: RedactionTools): Promise<NerRecognizer | undefined> {
  if (tools.settings.nerRedaction !== 'name-finder+model') return undefined;
  const ner = await tools.ner?.();
  if (!ner) {
    throw new LocusError(
      'not-allowed',
      'Name redaction with the name-recognition model is switched on, but the model is not available, so nothing was sent. Choose the on-device name finder in Privacy to send without it.',
    );
  }
  return ner;
}

/** The names in the student's own words (found in each text on its own). */
async function ownNamesIn(texts: readonly string[], findAllNames: (text: string) => Promise<Span[]>): Promise<OwnName[]> {
  const own: OwnName[] = [];
  for (const text of texts) {
    if (!text.trim()) continue;
    const spans = await findAllNames(text);
    own.push(...ownNames({ page: '', own: [text] }, () => spans));
  }
  return own;
}

/** Redacts the draft's messages (see the header). */
export async function redactDraft(draft: ProposalDraft, tools: RedactionTools): Promise<Redaction> {
  const ner = await chosenNerModel(tools);
  const findNames = tools.findNames ?? findNamesOnDevice;
  const findAllNames = async (text: string): Promise<Span[]> => [...findNames(text), ...(ner ? await ner(text) : [])];
  const studentIdPattern = studentIdPatterns(tools.settings);
  const own = await ownNamesIn(draft.sources.own, findAllNames);
  const detected: DetectedText[] = [];
  for (const message of draft.messages) {
    // The instructions are ours: nothing personal to find there.
    const spans =
      message.role === 'system'
        ? []
        : detect(message.content, {
            studentIdPattern,
            extraSpans: [...(await findAllNames(message.content)), ...ownNameOccurrences(message.content, own)],
          });
    detected.push({ text: message.content, spans });
  }
  const keptKeys = draft.pageNames === 'keep' ? keptNameKeys(detected, draft.sources, own, draft.keepOnly) : new Set<string>();
  const recognizers: RecognizerKind[] = ner ? ['patterns', 'name-finder', 'ner-model'] : ['patterns', 'name-finder'];
  return { ...redactDetected(draft.messages, detected, draft.mapping, keptKeys), recognizers };
}

/** Replaces what was detected with placeholders, one mapping across the messages, but the names kept as written. */
function redactDetected(
  messages: readonly ChatMessage[],
  detected: readonly DetectedText[],
  mapping: PlaceholderMap,
  keptKeys: ReadonlySet<string>,
): Omit<Redaction, 'recognizers'> {
  const counts = Object.fromEntries(ENTITIES.map((e) => [e, 0])) as Record<Entity, number>;
  const redacted: CloudProposal['messages'] = [];
  const kept = new Map<string, KeptName>();
  messages.forEach((message, i) => {
    const r = redactSpans(message.content, detected[i]!.spans, { mapping, keep: (_span, value) => keptKeys.has(nameKey(value)) });
    mapping = r.mapping;
    for (const k of r.kept) {
      const entry = kept.get(nameKey(k.value)) ?? { entity: k.entity, value: k.value, count: 0 };
      entry.count += 1;
      kept.set(nameKey(k.value), entry);
    }
    // Highlighted: new redactions, names kept as written, and placeholders an edit kept as written.
    const segments = previewSegments(r, mapping);
    for (const [e, n] of Object.entries(segmentCounts(segments))) counts[e as Entity] += n;
    redacted.push({ role: message.role, content: r.text, segments });
  });
  return { messages: redacted, mapping, kept, counts };
}
