import { startOffscreenRelay } from '../../lib/engine-host/offscreen-relay';
import EngineWorker from './engine.worker.ts?worker';

startOffscreenRelay(new EngineWorker());
