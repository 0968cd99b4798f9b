/**
 * Warm start: when the panel opens and the chosen model is already on this device, the engine host
 * starts loading it before the first task, so the first summary waits for its prompt, not for the
 * load. Only when memory allows (a model the device cannot hold would slow the whole browser down),
 * and never over a task or a load already under way.
 */
import type { CatalogModel } from '../catalog/catalog';
import type { DeviceProfile } from '../catalog/recommend';
import type { ModelStatus } from '../messaging/engine-protocol';

export type WarmStartDecision = { warm: true } | { warm: false; why: 'loaded' | 'busy' | 'not-downloaded' | 'memory' };

export function warmStartDecision(status: ModelStatus, model: CatalogModel, profile: DeviceProfile, busy: boolean): WarmStartDecision {
  if (status.loaded) return { warm: false, why: 'loaded' };
  if (busy) return { warm: false, why: 'busy' };
  if (!status.cached) return { warm: false, why: 'not-downloaded' };
  // Unknown memory is not room enough: the first task loads the model as before.
  if (profile.memoryGB === null || profile.memoryGB < model.hardware.minMemoryGB) return { warm: false, why: 'memory' };
  return { warm: true };
}
