import { render } from 'preact';
import { App } from '../../components/App';
import { startPanel } from '../../lib/panel/start-panel';
import './style.css';

const { session, models } = startPanel();
render(<App session={session} models={models} />, document.getElementById('app')!);
