// Runs code and shows it on the controls: Run (pressed again while running, it starts
// over), Stop, the status and the console. The runtime is asked for at the first Run, so
// an embedded snippet loads the engine only then.

export class RunControl {
  // `runtime()` resolves to the loaded Runtime; `source()` gives the code to run.
  constructor({ runtime, source, view, status, stopButton }) {
    Object.assign(this, { runtime, source, view, status, stopButton });
    this.current = null;
    this.pending = null;
  }

  async run() {
    this.current?.stop();
    this.current = null; // so the stopped run leaves the controls to this one
    const ticket = (this.pending = {});
    this.view.clear();
    this.stopButton.disabled = false;
    this.status.set('loading'); // replaced within the same task when the engine is loaded
    let runtime;
    try {
      runtime = await this.runtime();
    } catch (err) {
      this.stopButton.disabled = true;
      this.status.set('failed', { message: err.message ?? String(err) });
      return;
    }
    if (this.pending !== ticket) {
      // Stopped, or run again, while the engine loaded.
      if (this.pending === null) this.status.set('ready');
      return;
    }
    this.status.set('running');
    const run = (this.current = runtime.run(this.source(), {
      onOutput: (stream, text, writer) => this.view.append(stream, text, writer),
    }));
    const result = await run.done;
    if (this.current !== run) return; // a newer run has taken over the controls
    this.current = null;
    this.stopButton.disabled = true;
    this.status.finished(result);
  }

  stop() {
    this.pending = null;
    if (this.current) this.current.stop();
    else this.stopButton.disabled = true;
  }
}
