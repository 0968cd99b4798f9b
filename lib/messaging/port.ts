/** The part of a runtime Port that the engine channel uses; real ports and test fakes both fit. */
export interface PortLike {
  name: string;
  sender?: { id?: string; url?: string; tab?: { id?: number } };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
