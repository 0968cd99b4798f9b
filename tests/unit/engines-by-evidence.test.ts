/**
 * Engines by evidence: what a student gets by default is what the tests run. The recommendation
 * table (models/catalog.json) may only name an engine that an end-to-end test runs with a real,
 * trained model on these machines. An e2e file says which engine it proves with a line
 * `// @real-model-e2e <engine>: …`; this test checks that every such file really drives a real
 * model to a finished answer, and that every engine the recommendation (or the automatic engine
 * choice for a model the student picked) can land on is declared by one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_KINDS, catalog, engineKindsOf, parseCatalog, rawCatalogData } from '../../lib/catalog/catalog';
import type { DeviceProfile } from '../../lib/catalog/recommend';
import { NO_GPU, type GpuFacts } from '../../lib/catalog/device';
import { chooseEngine } from '../../lib/engine-host/choose-engine';
import { LocusError } from '../../lib/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

const E2E = path.join(import.meta.dirname, '..', 'e2e');
/** Real trained models in ../shared/models (the random-weight stand-ins prove nothing about generation). */
const REAL_MODELS = /stories260K/;

function declarations(): Map<string, string[]> {
  const byEngine = new Map<string, string[]>();
  for (const file of readdirSync(E2E).filter((f) => f.endsWith('.test.ts'))) {
    const text = readFileSync(path.join(E2E, file), 'utf8');
    for (const m of text.matchAll(/^\/\/ @real-model-e2e ([\w.-]+)/gm)) {
      byEngine.set(m[1]!, [...(byEngine.get(m[1]!) ?? []), file]);
    }
  }
  return byEngine;
}

const GPUS: Record<string, GpuFacts> = {
  none: NO_GPU,
  software: { available: true, isFallback: true, shaderF16: false, maxBufferSize: 2 ** 30, description: 'swiftshader' },
  integrated: { available: true, isFallback: false, shaderF16: false, maxBufferSize: 2 ** 31, description: 'intel' },
  discrete: { available: true, isFallback: false, shaderF16: true, maxBufferSize: 2 ** 32, description: 'nvidia' },
};
const profiles: DeviceProfile[] = Object.values(GPUS).flatMap((gpu) =>
  [2, 4, 8, 16].flatMap((memoryGB) =>
    [2, 8].flatMap((cores) => [false, true].map((chromeAiReady) => ({ gpu, memoryGB, cores, freeStorageBytes: 50e9, chromeAiReady }))),
  ),
);

describe('engines by evidence', () => {
  const declared = declarations();

  it('every declaring e2e file runs a real trained model to a finished answer', () => {
    expect(declared.size).toBeGreaterThan(0);
    for (const [engine, files] of declared) {
      expect(ENGINE_KINDS as readonly string[], `${files.join(', ')} declares an unknown engine`).toContain(engine);
      for (const file of files) {
        const text = readFileSync(path.join(E2E, file), 'utf8');
        expect(text, file).toMatch(REAL_MODELS);
        expect(text, `${file} waits for a finished answer`).toMatch(/waitForPhase\([^)]*'done'/);
      }
    }
  });

  it('the recommendation table names only engines with a real-model e2e test', () => {
    for (const rule of catalog.recommendations) {
      expect([...declared.keys()], `${rule.model} on ${rule.engine}`).toContain(rule.engine);
    }
  });

  it('the recommendation lands on a declared engine on every kind of device, even in a build that ships web-llm', () => {
    const shipping = parseCatalog(rawCatalogData, { webllmLibraries: 'all' });
    const settings: Settings = { ...DEFAULT_SETTINGS, chatModel: 'auto', engine: 'auto' };
    for (const profile of profiles) {
      for (const from of [catalog, shipping]) {
        const choice = chooseEngine(settings, 'summarize', { profile }, from);
        expect([...declared.keys()], JSON.stringify(profile)).toContain(choice.engine);
      }
    }
  });

  it('a model the student picks, engine left on automatic, runs on a declared engine whenever it has one', () => {
    const shipping = parseCatalog(rawCatalogData, { webllmLibraries: 'all' });
    for (const model of shipping.models.filter((m) => m.task === 'chat')) {
      const proven = engineKindsOf(model).filter((k) => declared.has(k));
      if (proven.length === 0) continue; // only web-llm or Chrome's model runs it: that is the student's pick
      for (const gpu of Object.values(GPUS)) {
        // A model with no build for this device (an f16-only model without f16) is refused, not moved to another engine.
        let choice;
        try {
          choice = chooseEngine(
            { ...DEFAULT_SETTINGS, chatModel: model.id, engine: 'auto' },
            'summarize',
            {
              profile: { gpu, memoryGB: 16, cores: 8, freeStorageBytes: 50e9, chromeAiReady: true },
            },
            shipping,
          );
        } catch (error) {
          expect(error, `${model.id} on ${gpu.description}`).toBeInstanceOf(LocusError);
          continue;
        }
        expect(proven, `${model.id} on ${gpu.description}`).toContain(choice.engine);
      }
    }
  });
});
