import { render } from 'preact';
render(<p>Accord admin</p>, document.getElementById('app')!);
