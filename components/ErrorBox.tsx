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
          <span lang="en" dir="ltr">
            {detail}
          </span>
        </details>
      ) : null}
    </div>
  );
}
