import type { HintState } from '../lib/panel/hint-state';
import { checkTypedProblem } from '../lib/panel/hint-problem';
import { t } from '../lib/i18n/t';

/**
 * "Your problem": an exercise typed or pasted here (from a PDF, a notebook) gets the hints instead
 * of the selection or the page. Its text lives in the hint state, so it is still here after Back.
 * Too long: said at once, and nothing is cut (the student decides what to keep).
 */
export function HintProblemBox({ hints, disabled }: { hints: HintState; disabled: boolean }) {
  const check = checkTypedProblem(hints.typed.value);
  const tooLong = check.kind === 'too-long';
  return (
    <div class="hint-problem">
      <label for="hint-problem-text">{t('hints_typedLabel')}</label>
      <textarea
        id="hint-problem-text"
        name="hintProblem"
        rows={4}
        value={hints.typed.value}
        placeholder={t('hints_typedPlaceholder')}
        disabled={disabled}
        aria-invalid={tooLong}
        aria-describedby={tooLong ? 'hint-problem-limit' : undefined}
        onInput={(e) => (hints.typed.value = e.currentTarget.value)}
      />
      {tooLong ? (
        <p id="hint-problem-limit" class="notice hint-problem-limit" role="status">
          {t('hints_typedTooLong', check.length.toLocaleString(), check.max.toLocaleString())}
        </p>
      ) : null}
    </div>
  );
}
