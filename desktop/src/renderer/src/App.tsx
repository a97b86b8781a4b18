import { useQuery } from '@tanstack/react-query';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { SignInScreen } from './features/sign-in/SignInScreen.tsx';
import { useSessionFeed } from './features/sign-in/use-session.ts';
import { type Screen, useConsole } from './store/index.ts';
import { useTRPC } from './trpc.ts';

const screens: Array<{ id: Screen; label: string; icon: string }> = [{ id: 'settings', label: 'Settings', icon: '⚙' }];

export function App() {
  const trpc = useTRPC();
  useSessionFeed();
  const session = useQuery(trpc.session.current.queryOptions());
  const screen = useConsole((s) => s.screen);
  const go = useConsole((s) => s.go);

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
        </header>
        <section className="page">{screen === 'settings' && <SettingsScreen />}</section>
      </main>
    </div>
  );
}
