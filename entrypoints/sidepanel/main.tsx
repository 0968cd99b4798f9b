import { render } from 'preact';
import { App } from '../../components/App';
import { startPanel } from '../../lib/panel/start-panel';
import './style.css';

const session = startPanel();
render(<App session={session} />, document.getElementById('app')!);
