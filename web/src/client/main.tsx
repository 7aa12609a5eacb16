import { render } from 'preact';
import { applyStoredTheme } from '../shared/theme';
import { App } from './App';
import './styles.css';

applyStoredTheme();
render(<App />, document.getElementById('app')!);
