// The raw baseline page: it only starts the worker and forwards calls to it. The benchmark runs
// generation in a dedicated worker, as Locus does, so that both sides block the same kind of
// thread (ONNX Runtime behaves differently on a page's main thread, which may not block).
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
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

/** @param {'env' | 'load' | 'generate' | 'unload'} op */
function call(op, args = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

// Puppeteer drives the page through this one global.
window.rawBench = { call };
window.rawBenchReady = true;
