import { startEngineHost } from '../../lib/engine-host/offscreen-shell';

startEngineHost();
