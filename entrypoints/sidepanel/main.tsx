import { render } from 'preact';
import { App } from '../../components/App';
import { StorageNotice } from '../../components/StorageNotice';
import { uiDirection, uiLanguage } from '../../lib/i18n/t';
import { startPanel } from '../../lib/panel/start-panel';
import './style.css';

// The panel reads in the browser's language, right to left where that language is.
document.documentElement.lang = uiLanguage();
document.documentElement.dir = uiDirection();

render(
  <>
    <StorageNotice />
    <App state={startPanel()} />
  </>,
  document.getElementById('app')!,
);
