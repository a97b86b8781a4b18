import { beforeEach, describe, expect, test } from 'vitest';
import { createConsoleStore } from './index.ts';

let store: ReturnType<typeof createConsoleStore>;
beforeEach(() => {
  store = createConsoleStore();
});

describe('leaving a screen with unsaved edits', () => {
  test('goes at once when nothing is unsaved', () => {
    store.getState().go('bands');
    expect(store.getState().screen).toBe('bands');
  });

  test('asks first, and stays when the operator cancels', () => {
    store.getState().go('editor');
    store.getState().setUnsaved(2);
    store.getState().go('bands');
    expect(store.getState()).toMatchObject({ screen: 'editor', leavingTo: 'bands' });
    store.getState().cancelLeave();
    expect(store.getState()).toMatchObject({ screen: 'editor', leavingTo: null, unsaved: 2 });
  });

  test('leaves once the operator confirms, and the next screen starts with nothing unsaved', () => {
    store.getState().go('editor');
    store.getState().setUnsaved(1);
    store.getState().go('station');
    store.getState().confirmLeave();
    expect(store.getState()).toMatchObject({ screen: 'station', leavingTo: null, unsaved: 0 });
  });
});

describe('replacing a band at a station', () => {
  test('opens the Stations screen with the band for its picker, until the picker takes it', () => {
    store.getState().go('bands');
    store.getState().replaceAtStation('OrgTagLostBand01');
    expect(store.getState()).toMatchObject({ screen: 'station', lostBandToReplace: 'OrgTagLostBand01' });
    store.getState().takeLostBandToReplace();
    expect(store.getState().lostBandToReplace).toBeNull();
  });
});
