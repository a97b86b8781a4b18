import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminScreen } from './features/admin/AdminScreen.tsx';
import { AnalyticsScreen } from './features/analytics/AnalyticsScreen.tsx';
import { AuditScreen } from './features/audit/AuditScreen.tsx';
import { BandsScreen } from './features/bands/BandsScreen.tsx';
import { EventEditor } from './features/events/EventEditor.tsx';
import { EventsScreen } from './features/events/EventsScreen.tsx';
import { LeaveDialog } from './features/LeaveDialog.tsx';
import { OrgSettingsScreen } from './features/org-settings/OrgSettingsScreen.tsx';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { SignInScreen } from './features/sign-in/SignInScreen.tsx';
import { useSessionFeed } from './features/sign-in/use-session.ts';
import { StationScreen } from './features/station/StationScreen.tsx';
import { useNfcFeed } from './features/station/use-nfc-feed.ts';
import { SyncStatus } from './features/sync/SyncStatus.tsx';
import { useStoreFeed } from './features/sync/use-store-feed.ts';
import { TeamScreen } from './features/team/TeamScreen.tsx';
import { useRememberedEvent } from './features/use-remembered-event.ts';
import { type Screen, useConsole } from './store/index.ts';
import { useTRPC } from './trpc.ts';

const screens: Array<{ id: Screen; icon: string }> = [
  { id: 'events', icon: '▦' },
  { id: 'editor', icon: '◷' },
  { id: 'station', icon: '⌁' },
  { id: 'bands', icon: '☰' },
  { id: 'analytics', icon: '▲' },
  { id: 'team', icon: '☺' },
  { id: 'audit', icon: '☷' },
  { id: 'orgSettings', icon: '⌂' },
  { id: 'admin', icon: '★' },
  { id: 'settings', icon: '⚙' },
];

const pages: Partial<Record<Screen, () => React.JSX.Element>> = {
  events: EventsScreen,
  editor: EventEditor,
  station: StationScreen,
  bands: BandsScreen,
  analytics: AnalyticsScreen,
  team: TeamScreen,
  audit: AuditScreen,
  orgSettings: OrgSettingsScreen,
  admin: AdminScreen,
  settings: SettingsScreen,
};

export function App() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  useSessionFeed();
  useStoreFeed();
  useNfcFeed();
  useRememberedEvent();
  useSlashFocusesSearch();
  const session = useQuery(trpc.session.current.queryOptions());
  // The platform admin screen shows to platform admins only (the cloud enforces it too).
  const me = useQuery({ ...trpc.orgs.admin.me.queryOptions(), enabled: !!session.data, retry: false });
  const admin = me.data?.user.platformRole === 'ADMIN';
  const screen = useConsole((s) => s.screen);
  const go = useConsole((s) => s.go);

  const Page = pages[screen] ?? EventsScreen;
  if (session.isPending) return <div className="splash">{t('app.name')}</div>;
  if (!session.data) return <SignInScreen />;

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">◆</span> {t('app.name')}
        </div>
        <nav aria-label={t('app.navLabel')}>
          {screens
            .filter((s) => s.id !== 'admin' || admin)
            .map((s) => (
              <button
                key={s.id}
                type="button"
                className={screen === s.id ? 'nav-item active' : 'nav-item'}
                aria-current={screen === s.id ? 'page' : undefined}
                onClick={() => go(s.id)}
              >
                <span className="nav-icon" aria-hidden="true">
                  {s.icon}
                </span>
                {t(`app.nav.${s.id}`)}
              </button>
            ))}
        </nav>
        <CurrentEvent />
        <div className="sidebar-foot">
          <div className="who">{session.data.email}</div>
          <div className="where">{session.data.cloudUrl}</div>
        </div>
      </aside>
      <main className="content">
        <header className="topbar">
          <h1>{t(`app.nav.${screen}`)}</h1>
          <span className="spacer" />
          <SyncStatus />
        </header>
        <section className="page">
          <Page />
        </section>
      </main>
      <LeaveDialog />
    </div>
  );
}

/** The event the stations, bands and analytics work on, always in sight. */
function CurrentEvent() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const eventId = useConsole((s) => s.eventId);
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  return (
    <div className="sidebar-event" data-testid="current-event">
      <small>{t('app.currentEvent')}</small>
      <strong>{event?.name ?? t('app.noEvent')}</strong>
      {event && <small>{event.timezone}</small>}
    </div>
  );
}

/** `/` puts the cursor in the screen's search box (marked `data-search`), unless one is typing already. */
function useSlashFocusesSearch() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key !== '/' || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const search = document.querySelector<HTMLInputElement>('[data-search]');
      if (!search) return;
      e.preventDefault();
      search.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
