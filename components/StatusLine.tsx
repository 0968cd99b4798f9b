import type { GenerationStats } from '../lib/messaging/engine-protocol';
import { formatDevice, formatDuration } from '../lib/panel/format';

export function StatusLine({ stats }: { stats: GenerationStats }) {
  return (
    <p class="status" role="status">
      {stats.modelName} · {formatDevice(stats.device)} · {stats.dtype} · {formatDuration(stats.totalMs)} in all · first words after{' '}
      {formatDuration(stats.ttftMs)} · {stats.tokensPerSecond.toFixed(1)} tokens/s
      {stats.parts > 1 ? ` · ${stats.parts} steps` : ''}
    </p>
  );
}
