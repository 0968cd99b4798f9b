import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { probeStorage, storageVerdict, type StorageVerdict } from '../lib/platform/storage-check';
import './browser-notes.css';

/** A clear message when this window cannot keep what Locus saves (Firefox private windows). */
export function StorageNotice() {
  const verdict = useSignal<StorageVerdict | null>(null);
  useEffect(() => {
    void probeStorage().then((facts) => (verdict.value = storageVerdict(facts)));
  }, []);
  const v = verdict.value;
  if (!v) return null;
  if (v.kind === 'ok') return <div class="storage-checked" data-storage="ok" hidden />;
  return (
    <div class={`storage-notice ${v.kind}`} role="alert" data-storage={v.kind}>
      <strong>{v.title}</strong> {v.detail}
    </div>
  );
}
