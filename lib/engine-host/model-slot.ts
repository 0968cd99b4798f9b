/**
 * One loaded model (the chat engine, or the embedder next to it) and the key of the choice it was
 * loaded for: reused while the settings keep choosing it, unloaded before another takes its place.
 */
export class ModelSlot<M extends { readonly loaded: boolean; unload(): Promise<void> }> {
  #model: M | undefined;
  #key = '';

  get model(): M | undefined {
    return this.#model;
  }

  /** The model loaded for `key`, while it stays loaded. */
  loadedFor(key: string): M | undefined {
    return this.#model?.loaded && this.#key === key ? this.#model : undefined;
  }

  keep(model: M, key: string): M {
    this.#model = model;
    this.#key = key;
    return model;
  }

  async release(): Promise<void> {
    const model = this.#model;
    this.#model = undefined;
    this.#key = '';
    await model?.unload();
  }
}
