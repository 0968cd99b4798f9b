import { render } from 'preact';
import { App } from '../../components/App';
import { StorageNotice } from '../../components/StorageNotice';
import { startPanel } from '../../lib/panel/start-panel';
import './style.css';

render(
  <>
    <StorageNotice />
    <App state={startPanel()} />
  </>,
  document.getElementById('app')!,
);
