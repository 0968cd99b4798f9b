import type { ErrorInfo } from '../lib/errors';
import { t } from '../lib/i18n/t';
import { errorText } from '../lib/panel/error-text';

export function ErrorBox({ error }: { error: ErrorInfo | null }) {
  if (!error) return null;
  const { message, detail } = errorText(error);
  return (
    <div class="error" role="alert" data-code={error.code}>
      {message}
      {detail ? (
        <details class="error-detail">
          <summary>{t('common_details')}</summary>
          {/* What the code's sentence above says in the student's words; the sentence the error was
              made with stays only as a marked technical detail (it names files and hosts). */}
          <p class="technical-detail">{t('common_technicalDetail')}</p>
          <p class="technical-detail">
            <code lang="en" dir="ltr">
              {detail}
            </code>{' '}
            <code class="error-code">[{error.code}]</code>
          </p>
        </details>
      ) : null}
    </div>
  );
}
