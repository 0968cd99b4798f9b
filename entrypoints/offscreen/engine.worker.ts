import { startEngineWorker, type WorkerScope } from '../../lib/engine-host/engine-worker-main';

startEngineWorker(self as unknown as WorkerScope);
