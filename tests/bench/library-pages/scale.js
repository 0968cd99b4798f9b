// Starts the library scale worker and forwards calls to it (generation runs in a dedicated worker,
// as Locus's does, so both sides block the same kind of thread).
const worker = new Worker(new URL('./scale-worker.ts', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
worker.addEventListener('message', (event) => {
  const { id, ok, result, error } = event.data;
  const call = pending.get(id);
  if (!call) return;
  pending.delete(id);
  if (ok) call.resolve(result);
  else call.reject(new Error(error));
});
window.scaleBench = {
  call(op, args = {}) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  },
};
window.scaleBenchReady = true;
