import { render } from 'preact';
import { App } from '../../components/App';
import { startPanel } from '../../lib/panel/start-panel';
import './style.css';

render(<App state={startPanel()} />, document.getElementById('app')!);
