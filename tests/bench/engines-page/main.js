// The engines page: starts the worker (Locus runs its engines in a dedicated worker) and forwards calls.
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
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

function call(op, args = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

window.enginesBench = { call };
window.enginesBenchReady = true;
