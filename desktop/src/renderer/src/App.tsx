import { useQuery } from '@tanstack/react-query';
import { AnalyticsScreen } from './features/analytics/AnalyticsScreen.tsx';
import { BandsScreen } from './features/bands/BandsScreen.tsx';
import { EventEditor } from './features/events/EventEditor.tsx';
import { EventsScreen } from './features/events/EventsScreen.tsx';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { SignInScreen } from './features/sign-in/SignInScreen.tsx';
import { useSessionFeed } from './features/sign-in/use-session.ts';
import { StationScreen } from './features/station/StationScreen.tsx';
import { useNfcFeed } from './features/station/use-nfc-feed.ts';
import { SyncStatus } from './features/sync/SyncStatus.tsx';
import { useStoreFeed } from './features/sync/use-store-feed.ts';
import { type Screen, useConsole } from './store/index.ts';
import { useTRPC } from './trpc.ts';

const screens: Array<{ id: Screen; label: string; icon: string }> = [
  { id: 'events', label: 'Events', icon: '▦' },
  { id: 'editor', label: 'Event editor', icon: '◷' },
  { id: 'station', label: 'Encoding station', icon: '⌁' },
  { id: 'bands', label: 'Bands', icon: '☰' },
  { id: 'analytics', label: 'Analytics', icon: '▲' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
];

const pages: Partial<Record<Screen, () => React.JSX.Element>> = {
  events: EventsScreen,
  editor: EventEditor,
  station: StationScreen,
  bands: BandsScreen,
  analytics: AnalyticsScreen,
  settings: SettingsScreen,
};

export function App() {
  const trpc = useTRPC();
  useSessionFeed();
  useStoreFeed();
  useNfcFeed();
  const session = useQuery(trpc.session.current.queryOptions());
  const screen = useConsole((s) => s.screen);
  const go = useConsole((s) => s.go);

  const Page = pages[screen] ?? EventsScreen;
  if (session.isPending) return <div className="splash">SparkMotion</div>;
  if (!session.data) return <SignInScreen />;

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">◆</span> SparkMotion
        </div>
        <nav>
          {screens.map((s) => (
            <button
              key={s.id}
              type="button"
              className={screen === s.id ? 'nav-item active' : 'nav-item'}
              onClick={() => go(s.id)}
            >
              <span className="nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              {s.label}
            </button>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div className="who">{session.data.email}</div>
          <div className="where">{session.data.cloudUrl}</div>
        </div>
      </aside>
      <main className="content">
        <header className="topbar">
          <h1>{screens.find((s) => s.id === screen)?.label ?? ''}</h1>
          <span className="spacer" />
          <SyncStatus />
        </header>
        <section className="page">
          <Page />
        </section>
      </main>
    </div>
  );
}
