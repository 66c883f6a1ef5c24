/** The console's page: routes, the live feed, and the pages. */
import { render } from 'preact';
import { App } from './app';
import { startLive } from './live';

startLive();
render(<App />, document.getElementById('app')!);
