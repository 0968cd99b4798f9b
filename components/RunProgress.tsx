import type { DownloadProgress } from '../lib/messaging/engine-protocol';
import type { CloudProposal } from '../lib/messaging/cloud-protocol';
import { suggestionText } from '../lib/panel/cloud-suggestion';
import type { PartNotes } from '../lib/panel/run-events';
import { estimateLeftMs, formatTimeLeft, type StepProgress } from '../lib/panel/run-progress';
import { settings } from '../lib/panel/settings-state';
import { t, tn } from '../lib/i18n/t';
import { DownloadBar } from './DownloadBar';
import { ProgressBar } from './ProgressBar';

/**
 * What a running task shows above its answer: the download's bar, or the steps' bar with the time
 * left once a step is measured, or a moving bar while it reads, loads or writes (never idle-looking).
 */
export function RunBar({
  phase,
  phaseText,
  download,
  part,
}: {
  phase: string;
  phaseText: string;
  download: DownloadProgress | null;
  part: StepProgress | null;
}) {
  if (phase === 'downloading' && download) return <DownloadBar progress={download} />;
  if (part) {
    const left = estimateLeftMs(part);
    return (
      <ProgressBar
        label={t('progress_summaryBar')}
        value={part.index - 1}
        max={part.total}
        text={t('progress_stepsDone', part.index - 1, part.total)}
        left={left === null ? t('progress_timeUnknown') : formatTimeLeft(left)}
      />
    );
  }
  return <ProgressBar label={phaseText || t('status_working')} text="" />;
}

/** The notes on each part read so far, folded, until the summary replaces them. */
export function NotesSoFar({ notes, parts }: { notes: PartNotes[]; parts: number | undefined }) {
  if (!notes.length) return null;
  return (
    <details class="part-notes">
      <summary>{parts ? t('progress_notesSoFarOf', notes.length, parts) : tn('progress_notesSoFar', notes.length)}</summary>
      <ol>
        {notes.map((n) => (
          <li value={n.index} key={n.index}>
            {n.text}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The router's proposal as a quiet line in the result; the consent dialog opens only on "Ask it". */
export function CloudSuggestion({ proposal, onAsk }: { proposal: CloudProposal | null; onAsk: () => void }) {
  const { privacyMode, offline } = settings.value;
  const text = proposal ? suggestionText(proposal.reasons) : null;
  if (!text || privacyMode || offline) return null;
  return (
    <p class="cloud-suggestion" data-reasons={proposal!.reasons.map((r) => r.code).join(' ')}>
      {text}{' '}
      <button type="button" class="link" onClick={onAsk}>
        {t('progress_askIt')}
      </button>
    </p>
  );
}
