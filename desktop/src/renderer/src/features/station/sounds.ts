let context: AudioContext | null = null;

/** A short synthesized cue (no audio files to ship): a rising chime on success, a low buzz on failure. */
export function playCue(ok: boolean): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    const notes = ok ? [880, 1320] : [180, 140];
    notes.forEach((frequency, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = ok ? 'sine' : 'square';
      osc.frequency.value = frequency;
      const start = ctx.currentTime + i * (ok ? 0.09 : 0.14);
      gain.gain.setValueAtTime(ok ? 0.2 : 0.08, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + (ok ? 0.16 : 0.22));
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.25);
    });
  } catch {
    // No audio device: the banner still says it all.
  }
}
