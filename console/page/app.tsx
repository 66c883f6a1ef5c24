/** The shell: a navigation bar and one page a route (preact-iso's router). */
import { LocationProvider, Route, Router } from 'preact-iso';
import { liveError } from './live';
import { AssetPage } from './pages/asset-page';
import { AssetsPage } from './pages/assets-page';
import { BackfillPage } from './pages/backfill-page';
import { BackfillsPage } from './pages/backfills-page';
import { PlanPage } from './pages/plan-page';

export function App() {
  return (
    <LocationProvider>
      <header class="top">
        <a class="brand" href="/">
          Retrofill
        </a>
        <nav aria-label="Main">
          <a href="/">Assets</a>
          <a href="/backfills">Backfills</a>
          <a href="/plan">Plan a backfill</a>
        </nav>
      </header>
      {liveError.value && (
        <p class="banner" role="status">
          {liveError.value}
        </p>
      )}
      <main>
        <Router>
          <Route path="/" component={AssetsPage} />
          <Route path="/assets/:name" component={AssetPage} />
          <Route path="/backfills" component={BackfillsPage} />
          <Route path="/backfills/:id" component={BackfillPage} />
          <Route path="/plan" component={PlanPage} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}

function NotFound() {
  return <p>No such page.</p>;
}
