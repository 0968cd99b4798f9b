// The lifecycle benchmark's output: Markdown tables (stdout) and the notes printed under them.
import { summary } from './stats.mjs';

const MIB = 2 ** 20;
const ok = (x) => Number.isFinite(x);
const s2 = (ms) => (ok(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const mb = (x) => (ok(x) ? x.toFixed(x < 100 ? 1 : 0) : 'n/a');
const mib = (b) => (ok(b) ? `${Math.round(b / MIB)}` : 'n/a');

/** "median (min–max)" with `fmt`, over the finite values. */
function spread(values, fmt) {
  const s = summary(values);
  if (s.n === 0) return 'n/a';
  return s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}
const median = (values) => summary(values).median;

const LABELS = { smollm2: 'SmolLM2-135M-Instruct', qwen25: 'Qwen2.5-0.5B-Instruct', minilm: 'all-MiniLM-L6-v2' };
const label = (r) => `${LABELS[r.model] ?? r.model} (${r.dtype}, ${r.device.toUpperCase()})`;

function downloadTable(models) {
  const out = [
    "### Download: Locus's own path vs a raw fetch() of the same files (same host, same browser)",
    '',
    "| model | download | runs | Locus MB/s, median (min–max) | raw fetch MB/s (dedicated worker) | **ratio Locus/raw** | raw fetch, main thread | raw fetch + OPFS writes, no hash | Locus, engine host's own time |",
    '|---|---:|---:|---|---|---:|---|---|---|',
  ];
  for (const r of models) {
    const d = r.download;
    if (!d) continue;
    const how = r.model === 'minilm' ? 'Save to library' : 'Models → Download';
    const rate = (runs) =>
      spread(
        runs.map((x) => x.mbps),
        mb,
      );
    out.push(
      `| ${label(r)}<br>via ${how} | ${(d.bytes / 1e6).toFixed(1)} MB, ${d.files} files | ${d.locus.runs.length} + ${d.raw.runs.length} | ${rate(d.locus.runs)} | ${rate(d.raw.runs)} | **${ok(d.ratio) ? d.ratio.toFixed(2) : 'n/a'}** | ${rate(d.rawMainThread.runs)} | ${rate(d.rawWithOpfs.runs)} | ${
        r.model === 'minilm'
          ? '—'
          : spread(
              d.locus.runs.map((x) => d.bytes / 1e6 / (x.engineMs / 1000)),
              mb,
            )
      } |`,
    );
  }
  return out;
}

function loadTable(models) {
  const out = [
    '### Model load from the cache (files already in the verified store; engine host started, nothing loaded)',
    '',
    '| model | browser | n | request → model loaded | of which: store check | of which: load | click → first words | after load: first words / whole task |',
    '|---|---|---:|---|---|---|---|---|',
  ];
  for (const r of models) {
    for (const kind of ['cold browser', 'warm browser']) {
      const cycles = r.cycles.filter((c) => c.kind === kind);
      if (!cycles.length) continue;
      const f = cycles.map((c) => c.figures);
      const chat = r.model !== 'minilm';
      out.push(
        [
          label(r),
          kind === 'cold browser' ? 'first request after a browser start' : 'after an idle unload, same browser',
          cycles.length,
          spread(
            f.map((x) => x.requestToLoadedMs ?? x.requestToSavedMs),
            s2,
          ) + (chat ? '' : ' ¹'),
          spread(
            f.map((x) => x.checkMs),
            s2,
          ),
          spread(
            f.map((x) => x.loadMs),
            s2,
          ) + (chat ? '' : ' ¹'),
          chat
            ? spread(
                f.map((x) => x.clickToFirstWordsMs),
                s2,
              )
            : '—',
          chat
            ? `${spread(
                f.map((x) => x.ttftAfterLoadMs),
                s2,
              )} / ${spread(
                f.map((x) => x.generateMs),
                s2,
              )} (${f[0].promptTokens} prompt tok, ${f[0].outputTokens} new)`
            : `page embedded ${spread(
                f.map((x) => x.requestToEmbeddedMs - x.requestToSavedMs),
                s2,
              )} after the save`,
        ]
          .join(' | ')
          .replace(/^/, '| ') + ' |',
      );
    }
  }
  out.push('');
  for (const r of models) {
    if (!r.cycles.length) continue;
    const each = r.cycles.map((c, i) => {
      const n = r.cycles.slice(0, i).filter((x) => x.session === c.session).length + 1;
      const wrote = c.wasmCodeCacheBytes && c.wasmCodeCacheBytes.after > c.wasmCodeCacheBytes.before;
      return `${c.session}.${n} ${s2(c.figures.loadMs)}${wrote ? ' ²' : ''}`;
    });
    out.push(`Load of ${LABELS[r.model] ?? r.model}, cycle by cycle (browser start.cycle): ${each.join(', ')}.  `);
  }
  if (models.some((r) => r.model === 'minilm' && r.cycles.length))
    out.push(
      '',
      "¹ MiniLM: up to the page being saved; includes splitting the short page with the model's tokenizer and one IndexedDB transaction (a few ms).",
    );
  return out;
}

/** Which cycles wrote the WASM code cache: "1 of 6 (browser start 1, cycle 2: 12 → 18 MiB)". */
function cacheWrites(cycles) {
  const wrote = cycles.filter((c) => c.wasmCodeCacheBytes && c.wasmCodeCacheBytes.after > c.wasmCodeCacheBytes.before);
  if (!wrote.length) return `0 of ${cycles.length}`;
  return `${wrote.length} of ${cycles.length} (${wrote.map((c) => `start ${c.session}, ${c.kind}: ${mib(c.wasmCodeCacheBytes.before)} → ${mib(c.wasmCodeCacheBytes.after)} MiB`).join('; ')})`;
}

function memoryTable(models, options) {
  const first = Math.round(options.settleMs / 1000);
  const later = Math.round((options.settleMs + options.laterMs) / 1000);
  const out = [
    '### Memory of the renderer hosting the offscreen document (PSS in MiB, median (min–max); RSS medians in brackets)',
    '',
    `| model | n | baseline: engine host up, no model | after load | peak RSS during the request | after the idle unload (+${first} s) | later (+${later} s) | **after unload / baseline, PSS** (+${first} s; +${later} s) | USS (private): baseline → loaded → unloaded (+${later} s) | **after unload / baseline, USS** (+${later} s) | whole browser PSS: baseline → loaded → unloaded (+${later} s) | cycles in which V8 wrote ONNX Runtime's compiled WASM to its code cache ² |`,
    '|---|---:|---|---|---|---|---|---:|---|---:|---|---|',
  ];
  for (const r of models) {
    // A reading taken after the browser itself ended (killed from outside) says nothing: left out.
    const cs = r.cycles.map((c) => ({
      ...c,
      memory: Object.fromEntries(Object.entries(c.memory).map(([k, m]) => [k, m?.browserGone ? { ...m, exited: true, gone: true } : m])),
    }));
    if (!cs.length) continue;
    const all = (key, field) => cs.map((c) => c.memory[key][field]);
    const cell = (key) => {
      const live = cs.filter((c) => !c.memory[key].exited);
      if (!live.length) return 'process exited';
      const text = `${spread(
        live.map((c) => c.memory[key].pss),
        mib,
      )} (${mib(median(live.map((c) => c.memory[key].rss)))})`;
      const gone = cs.filter((c) => c.memory[key].gone).length;
      const exited = cs.length - live.length - gone;
      return (
        text +
        (exited ? `; exited in ${exited} of ${cs.length}` : '') +
        (gone ? `; ${gone} reading${gone > 1 ? 's' : ''} left out (browser gone)` : '')
      );
    };
    const ratio = (key, field = 'pss') => {
      const v = cs.filter((c) => !c.memory[key].exited).map((c) => c.memory[key][field] / c.memory.baseline[field]);
      return v.length ? spread(v, (x) => x.toFixed(2)) : 'n/a';
    };
    const uss = (key) => mib(median(cs.filter((c) => !c.memory[key].exited).map((c) => c.memory[key].uss)));
    out.push(
      `| ${label(r)} | ${cs.length} | ${cell('baseline')} | ${cell('afterLoad')} | ${spread(
        cs.map((c) => c.memory.peakDuringRequest),
        mib,
      )} | ${cell('afterUnload')} | ${cell('afterUnloadLater')} | **${ratio('afterUnload')}; ${ratio('afterUnloadLater')}** | ${uss('baseline')} → ${uss('afterLoad')} → ${uss('afterUnloadLater')} | **${ratio('afterUnloadLater', 'uss')}** | ${mib(median(all('baseline', 'browserPss')))} → ${mib(median(all('afterLoad', 'browserPss')))} → ${mib(median(all('afterUnloadLater', 'browserPss')))} | ${cacheWrites(cs)} |`,
    );
  }
  out.push(
    '',
    "² V8 writes ONNX Runtime's compiled WebAssembly to the profile's code cache over the first loads of the module in a profile (the cache grows load after load); in one of them it first compiles the module with its top tier, which costs several hundred MB to over a gigabyte more for some seconds (the peak and \"after load\" of that cycle) and can outlast the document by a few seconds (the first reading after the unload). Later loads start from the cached code, which also makes them faster. The JSON has, per cycle, the cache's size before and after, and a memory reading every 0.5 s.",
  );
  const shared = models.flatMap((r) => r.cycles).some((c) => c.sharesWithPanel);
  if (shared)
    out.push(
      '',
      'The side panel (a tab here) lives in the same renderer process: its memory is in every column, and after the unload that process holds the panel alone, hence ratios below 1 (the baseline includes the engine host: offscreen document and worker, without a model).',
    );
  return out;
}

export function lifecycleMarkdown(results) {
  const out = ['## Model lifecycle (issue 3)', ''];
  const env = results.environment;
  const others = results.models.flatMap((r) =>
    r.cycles.flatMap((c) =>
      Object.values(c.memory)
        .map((m) => m?.otherChromium)
        .filter(Number.isFinite),
    ),
  );
  out.push(
    `Chromium ${env.chromium}, ${env.cores} cores, ${env.memoryGB} GB; stand-ins of ../shared/tools/make-standins.py (random weights, real architecture and file sizes); load average ${env.loadAverage.map((x) => x.toFixed(2)).join(' ')} at the start, ${(env.loadAverageAtEnd ?? []).map((x) => x.toFixed(2)).join(' ')} at the end; Chromium processes of other programs at the memory readings: ${others.length ? `${Math.min(...others)}–${Math.max(...others)}` : 'n/a'}.`,
    '',
  );
  out.push(...downloadTable(results.models), '', ...loadTable(results.models), '', ...memoryTable(results.models, results.options), '');
  if (results.warnings.length) out.push('**Warnings**', '', ...results.warnings.map((w) => `- ${w}`), '');
  out.push('**How these are measured**', '', ...results.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

export const LIFECYCLE_NOTES = [
  'The extension is a benchmark build (.output/bench-lifecycle): the normal build plus the stand-ins in its catalog (exact sizes and sha256, `purpose: "test"`) and answers capped (WXT_LOCUS_MAX_NEW_TOKENS). Headless Chromium, profile in a temporary folder; no DevTools Network domain is enabled on any target (it would see every downloaded byte). Device: CPU (WASM), as on a machine without a GPU.',
  'Download, Locus: the Models page\'s "Download" for the chat models (the engine host\'s download task: network gate, fetch, SHA-256 of every byte with hash-wasm, written to OPFS as .partial then renamed), timed from the request leaving the panel to its `done` event arriving (panel clock); "engine host\'s own time" is the `done` event\'s totalMs. For MiniLM (the Models page lists chat models only), the first "Save to library" downloads it: timed from the request to the `loading` event (files downloaded and verified). The model is deleted before each Locus run (Models page "Delete"; MiniLM: its OPFS folder, with the engine host closed). MB = 10^6 bytes.',
  "Download, raw: the same URLs from the same host, fetch(…, { cache: \"no-store\" }) one file after the other, each body read to its end with a reader and discarded, in a plain page on 127.0.0.1 of the same browser: in a dedicated worker (as Locus's downloader runs; the ratio uses this one), on the page's main thread, and, as a reference for the storage's share, in the worker writing every chunk to the page's own OPFS (createWritable, one write per chunk as Locus's store does, then close; no hash). Locus and raw runs alternate (A B, B A, …). The model host is tests/support/model-host.mjs (Node, 64 KiB reads from the local disk, file in the page cache after the first run).",
  'Load from the cache: the engine host is started with nothing loaded (the Models page asks it for its overview, which makes the background create the offscreen document), then "Summarize page" on a short study page. The engine emits `loading` once the files are found complete in the verified store, and computes the task\'s figures (`done` stats: first words, total) from the moment the model is ready; so, on the panel\'s clock, loaded = done − stats.totalMs, "store check" = request → `loading`, "load" = `loading` → loaded (tokenizer + ONNX Runtime session from the OPFS files, ONNX Runtime\'s WASM started in the fresh worker). The model host is checked to receive no request. "Cold browser": the first request after the browser (same profile) starts; the files are still in the operating system\'s page cache (it was not dropped: other processes share this machine), so this is a cold browser, not a cold disk.',
  'Idle unload: the setting "Release the model from memory after N minutes idle" is set through the Models page to a fraction of a minute (the settings schema accepts it). When it fires, the engine host disposes the model, and asks the background to close the offscreen document; the benchmark waits for the document\'s target to disappear. A request from the panel after that (an RPC such as the library\'s lookup of the page when the student switches tabs) starts a new engine host, which stays up without a model until a task runs and idles again; the benchmark switches no tab between a request and its readings.',
  "Memory: the renderer process hosting the offscreen document, found by making its target spin and seeing whose CPU time rises (the engine worker is checked to spin the same process). PSS from /proc/PID/smaps_rollup (shared pages divided among the processes that map them: its file-backed part, Chromium's own code, shrinks while other Chromium instances run on the machine, so PSS readings of different runs compare only in the same conditions), USS = Private_Clean + Private_Dirty (pages this process alone maps; independent of other processes), RSS from /proc/PID/status; peak = VmHWM, reset before the request (/proc/PID/clear_refs). Readings: 5 s after the engine host is up (baseline), 1 s after the answer (after load; for MiniLM after the page's vectors are computed), 5 s after the document closed, and 30 s later (by default) (ONNX Runtime's thread workers take some seconds to go; the JSON has a reading every 0.5 s). The WASM heap never shrinks while its worker lives; here the whole worker (and the offscreen document) goes away at the idle unload, so its memory is returned. \"Whole browser\" sums PSS over every process of the Chromium instance.",
];
