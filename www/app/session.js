// Runs code and shows it on the controls: Run (pressed again while running, it starts
// over), Stop, the status, the console and, on the playground, the timeline. The runtime
// is asked for at the first Run, so an embedded snippet loads the engine only then.

export class RunControl {
  // `runtime()` resolves to the loaded Runtime; `source()` gives the code to run;
  // `options()` the run's options for Runtime.run (the playground's `{ gil }`), with
  // `timeout`, if set, the seconds after which every worker of the run is ended (a hard
  // limit, not Stop's Ctrl-C) and the status says the time limit ended it; `timeline`, if given, is
  // told of the run's trace events and output and of its end; `input`, if given (an
  // InputLine, www/app/input.js), is the live run's standard input.
  constructor({ runtime, source, view, status, stopButton, options = () => ({}), timeline = null, input = null }) {
    Object.assign(this, { runtime, source, view, status, stopButton, options, timeline, input });
    this.current = null;
    this.pending = null;
  }

  async run() {
    this.current?.kill(); // at once: its KeyboardInterrupt would print into the new run's console
    this.current = null; // so the stopped run leaves the controls to this one
    const ticket = (this.pending = {});
    const { timeout, ...options } = this.options();
    this.view.clear();
    if ('gil' in options) this.status.setGil(options.gil);
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
    const { timeline, input } = this;
    // The timeline shows the newest run only: a stopped run may still deliver a few events.
    const shown = () => this.shown === ticket;
    this.shown = ticket;
    timeline?.start();
    const run = (this.current = runtime.run(this.source(), {
      ...options,
      onOutput: (stream, text, writer) => {
        this.view.append(stream, text, writer);
        if (timeline && shown()) timeline.output(stream, text, writer);
      },
      ...(timeline && { onTrace: (event) => shown() && timeline.trace(event) }),
      ...(input && { onInputWanted: () => input.wanted(run) }),
    }));
    input?.attach(run);
    let timedOut = false;
    const timer = timeout && setTimeout(() => {
      timedOut = true;
      run.kill();
    }, timeout * 1000);
    const result = await run.done;
    clearTimeout(timer);
    input?.detach(run);
    if (this.current !== run) return; // a newer run has taken over the controls
    this.current = null;
    this.stopButton.disabled = true;
    this.status.finished({ ...result, timedOut });
    timeline?.finish(result.elapsedMs);
  }

  stop() {
    this.pending = null;
    if (this.current) this.current.stop();
    else this.stopButton.disabled = true;
  }
}
