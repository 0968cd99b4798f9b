/**
 * Where the engine host sends the library's tasks and questions: the library service
 * (lib/library/library-service.ts), which the worker attaches once the host exists (it needs the
 * host for its models, so it cannot be passed in).
 */
import { LocusError } from '../errors';
import type { LibraryRpcRequest, LibraryTaskRequest, TaskEvent } from '../messaging/engine-protocol';

export interface LibraryHandler {
  handleLibraryTask(request: LibraryTaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void>;
  handleLibraryRpc(request: LibraryRpcRequest): Promise<unknown>;
}

const NO_LIBRARY = 'The library is not available in this engine host.';

export class LibraryRoute {
  #library: LibraryHandler | undefined;

  attach(library: LibraryHandler): void {
    this.#library = library;
  }

  task(request: LibraryTaskRequest, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
    const library = this.#library;
    return library ? library.handleLibraryTask(request, emit, signal) : Promise.reject(new LocusError('internal', NO_LIBRARY));
  }

  async rpc(request: LibraryRpcRequest): Promise<unknown> {
    if (!this.#library) throw new LocusError('internal', NO_LIBRARY);
    return this.#library.handleLibraryRpc(request);
  }
}
