import { render } from 'preact';
render(<p>Accord</p>, document.getElementById('app')!);
