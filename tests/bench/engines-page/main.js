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

/**
 * A call the bench waits on from Node with short polls (`outcome(id)`): a whole summary on a busy CPU
 * takes longer than one DevTools call may last.
 */
const outcomes = new Map();
function start(op, args = {}) {
  const id = nextId;
  outcomes.set(id, { done: false });
  call(op, args).then(
    (result) => outcomes.set(id, { done: true, ok: true, result }),
    (error) => outcomes.set(id, { done: true, ok: false, error: String(error?.message ?? error) }),
  );
  return id;
}
function outcome(id) {
  const o = outcomes.get(id);
  if (o?.done) outcomes.delete(id);
  return o ?? { done: true, ok: false, error: `no call ${id}` };
}

window.enginesBench = { call, start, outcome };
window.enginesBenchReady = true;
