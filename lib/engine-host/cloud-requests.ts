/**
 * The cloud's requests as the engine host routes them: consented sends (not queued behind local
 * work: the cloud model does not share this device) and the proposal RPCs, with Insights told which
 * proposals were edited or declined (lib/insights/request-recorder.ts).
 */
import type { CloudService } from '../cloud/cloud-service';
import { LocusError } from '../errors';
import type { RequestRecorder } from '../insights/request-recorder';
import type { RpcRequest, TaskEvent, TaskRequest } from '../messaging/engine-protocol';

export type CloudRpcRequest = Extract<RpcRequest, { method: 'cloud.prepare' | 'cloud.discard' }>;

function available(cloud: CloudService | undefined): CloudService {
  if (!cloud) throw new LocusError('cloud-not-configured', 'The cloud is not available in this build.');
  return cloud;
}

/** A cloud request the student agreed to, recorded as a cloud request that was proposed and accepted. */
export function sendToCloud(
  cloud: CloudService | undefined,
  recorder: RequestRecorder,
  request: Extract<TaskRequest, { kind: 'cloud' }>,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  return recorder.cloud(() => available(cloud).send(request, emit, signal));
}

export async function cloudRpc(cloud: CloudService | undefined, recorder: RequestRecorder, request: CloudRpcRequest): Promise<unknown> {
  switch (request.method) {
    case 'cloud.prepare': {
      const proposal = await available(cloud).prepare({
        ...(request.request ? { request: request.request } : {}),
        ...(request.edited ? { edited: request.edited } : {}),
        ...(request.previousId ? { previousId: request.previousId } : {}),
        ...(request.hideKept ? { hideKept: true } : {}),
      });
      if (request.previousId) recorder.proposalReplaced(request.previousId, proposal.id);
      return proposal;
    }
    case 'cloud.discard':
      cloud?.discard(request.proposalId);
      await recorder.proposalDiscarded(request.proposalId);
      return null;
  }
}
