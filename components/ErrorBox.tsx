import type { ErrorInfo } from '../lib/errors';

export function ErrorBox({ error }: { error: ErrorInfo | null }) {
  if (!error) return null;
  return (
    <div class="error" role="alert" data-code={error.code}>
      {error.message}
    </div>
  );
}
