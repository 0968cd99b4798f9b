/**
 * How a feature's run (lib/panel/task-run.ts) hands a router proposal to the panel's one consent
 * dialog without knowing about it: the panel registers its CloudState at start.
 */
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { AcceptHandler, CloudState } from './cloud-state';

let current: CloudState | undefined;

export function setCloudState(cloud: CloudState | undefined): void {
  current = cloud;
}

/** Shows the proposal in the dialog (the student clicked its suggestion); false when the panel has no dialog. */
export function offerCloudProposal(proposal: CloudProposal, onAccept: AcceptHandler): boolean {
  if (!current) return false;
  current.offer(proposal, onAccept);
  return true;
}
