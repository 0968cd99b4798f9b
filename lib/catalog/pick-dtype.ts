/** Which transformers.js build (dtype) of a model to run on a device. */
import { LocusError } from '../errors';
import type { CatalogModel, Dtype } from './catalog';

export function pickDtype(model: CatalogModel, device: 'webgpu' | 'wasm', shaderF16: boolean): Dtype {
  const t = model.engines.transformers;
  if (!t) throw new LocusError('model-not-in-catalog', `${model.name} cannot run with transformers.js.`);
  const wanted = device === 'webgpu' ? (shaderF16 ? t.preferred.webgpuF16 : t.preferred.webgpu) : t.preferred.wasm;
  if (wanted === null) {
    throw new LocusError(
      'model-not-in-catalog',
      device === 'wasm'
        ? `${model.name} has no build that runs on the CPU (WASM). Pick a smaller model in Models, or use a device with a GPU.`
        : `${model.name} needs a GPU with 16-bit float support (WebGPU shader-f16), which this device lacks. Pick another model in Models.`,
    );
  }
  // f16 weights need shader-f16 on WebGPU (the catalog's own choice included); any other build will do.
  const canRun = (d: Dtype) => shaderF16 || device === 'wasm' || !d.includes('16');
  if (t.dtypes[wanted] && canRun(wanted)) return wanted;
  const usable = (Object.keys(t.dtypes) as Dtype[]).filter(canRun);
  const first = usable[0];
  if (!first) throw new LocusError('model-not-in-catalog', `${model.name} has no build this device can run.`);
  return first;
}

/**
 * The dtype a recommendation rule names for the CPU (measured per device class: cpu-builds.ts), when
 * the model has it; undefined elsewhere (on WebGPU the model's own preference holds).
 */
export function cpuBuild(model: CatalogModel, device: 'webgpu' | 'wasm', variant: string | undefined): Dtype | undefined {
  if (device !== 'wasm' || variant === undefined) return undefined;
  return model.engines.transformers?.dtypes[variant as Dtype] ? (variant as Dtype) : undefined;
}
