// The admin panel's entry (admin.html, served at /admin and /admin/*).
import { render } from 'preact';
import { App } from './App';
import './admin.css';

render(<App />, document.getElementById('app')!);
