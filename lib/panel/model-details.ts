/**
 * A model's technical facts for the student who opens "Details": engine, build (quantization),
 * size in parameters, context window, licence id, measured speed and the checksum of every file
 * Locus downloads for it. Pure; the catalog is data.
 */
import { catalog as defaultCatalog, findModel, llamacppVariant, transformersFiles, type Catalog, type Dtype } from '../catalog/catalog';
import { engineName } from './model-words';
import { licenseName } from '../catalog/license-names';
import type { ModelOverview } from '../messaging/engine-protocol';
import type { SpeedRow } from '../insights/aggregate';
import { t, tn, uiLanguage, type MessageKey } from '../i18n/t';

type Row = ModelOverview['models'][number];
type EngineName = Row['engines'][number];

/** What would run the model here: engine, device and build. */
export interface RunPlan {
  engine: EngineName;
  device: 'webgpu' | 'wasm' | 'browser';
  variant: string;
}

const BITS: Record<string, MessageKey> = {
  fp32: 'models_bitsFp32',
  fp16: 'models_bitsFp16',
  q8: 'models_bitsQ8',
  q4: 'models_bitsQ4',
  q4f16: 'models_bitsQ4f16',
};

/** A build name with what it means: "q4 (quantized to 4 bits)", "Q4_K_M (quantized to 4 bits)". */
export function quantizationText(variant: string): string {
  const known = BITS[variant];
  if (known) return `${variant} (${t(known)})`;
  const gguf = /^I?Q(\d)/.exec(variant);
  if (gguf) return `${variant} (${t('models_bitsQuantized', gguf[1]!)})`;
  const float = /^[BF]F?(\d{2})$/.exec(variant);
  return float ? `${variant} (${t('models_bitsFloat', float[1]!)})` : variant;
}

/** The files Locus downloads for this plan, with their pinned SHA-256 (null: checked on first download). */
export function fileChecksums(modelId: string, plan: RunPlan, from: Catalog = defaultCatalog): { path: string; sha256: string | null }[] {
  const model = findModel(modelId, from);
  if (!model) return [];
  try {
    const files =
      plan.engine === 'transformers'
        ? transformersFiles(model, plan.variant as Dtype)
        : plan.engine === 'llama-cpp'
          ? llamacppVariant(model, plan.variant).files
          : [];
    return files.map((f) => ({ path: f.path, sha256: f.sha256 }));
  } catch {
    return []; // a build the catalog does not list: nothing Locus downloads to show
  }
}

/** The measured speed for this model, preferring the engine and device of the plan. */
export function measuredSpeed(modelId: string, plan: RunPlan | null, speeds: readonly SpeedRow[]): SpeedRow | null {
  const mine = speeds.filter((s) => s.modelId === modelId);
  const same = plan
    ? mine.find((s) => s.engine === plan.engine && (s.device === plan.device || (s.device === 'cpu' && plan.device === 'wasm')))
    : undefined;
  return same ?? [...mine].sort((a, b) => b.count - a.count)[0] ?? null;
}

export interface DetailLine {
  label: string;
  value: string;
}

/** The "Details" lines of a model, in the order a curious student reads them. */
export function modelDetails(row: Row, plan: RunPlan | null, speed: SpeedRow | null): DetailLine[] {
  const lines: DetailLine[] = [];
  if (plan) {
    lines.push({
      label: t('models_detailEngine'),
      value: t(
        'models_engineOn',
        engineName(plan.engine),
        plan.device === 'webgpu' ? 'WebGPU' : plan.device === 'wasm' ? 'WASM (CPU)' : 'Chrome',
      ),
    });
    if (plan.engine !== 'chrome-ai') lines.push({ label: t('models_detailBuild'), value: quantizationText(plan.variant) });
  }
  const others = row.engines.filter((e) => e !== plan?.engine).map(engineName);
  if (others.length) lines.push({ label: t('models_detailAlso'), value: others.join(', ') });
  lines.push({
    label: t('models_detailSize'),
    value: row.params === 'unknown' ? t('models_detailSizeUnknown') : t('models_detailParams', row.params),
  });
  lines.push({ label: t('models_detailReads'), value: t('models_detailTokens', row.contextWindow.toLocaleString(uiLanguage())) });
  lines.push({
    label: t('models_detailLicence'),
    value: licenseName(row.license) === row.license ? row.license : `${licenseName(row.license)} (${row.license})`,
  });
  lines.push({
    label: t('models_detailSpeed'),
    value: speed ? tn('models_detailSpeedValue', speed.count, speed.medianTokensPerSecond.toFixed(1)) : t('models_detailSpeedNone'),
  });
  return lines;
}
