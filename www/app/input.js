// The playground's input line under the console: while a run is live, Enter sends the
// typed line to the program's stdin and echoes it into the console, as a terminal does;
// Ctrl-D on an empty line (or the EOF button) ends the input. The field takes the focus
// when the program waits to read.

export class InputLine {
  // `field`: the <input>; `eof`: the button that closes stdin; `view`: the ConsoleView.
  constructor({ field, eof, view }) {
    Object.assign(this, { field, eof, view });
    this.run = null;
    field.addEventListener('keydown', (event) => this.#key(event));
    eof.addEventListener('click', () => this.#close());
    this.#enable(false);
  }

  // A run is live: its stdin is this line's until `detach(run)`.
  attach(run) {
    this.run = run;
    this.field.value = '';
    this.#enable(!run.stdinClosed);
  }

  detach(run) {
    if (this.run !== run) return;
    this.run = null;
    this.#enable(false);
  }

  // The program is waiting to read.
  wanted(run) {
    if (this.run === run && !this.field.disabled) this.field.focus();
  }

  #enable(on) {
    this.field.disabled = !on;
    this.eof.disabled = !on;
  }

  #key(event) {
    if (!this.run) return;
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      this.#send(`${this.field.value}\n`);
    } else if (event.key === 'd' && event.ctrlKey && !event.altKey && !event.metaKey) {
      // As on a terminal: Ctrl-D sends what is typed so far, or on an empty line ends input.
      event.preventDefault();
      if (this.field.value) this.#send(this.field.value);
      else this.#close();
    }
  }

  #send(text) {
    this.field.value = '';
    this.run.writeStdin(text);
    this.view.echo(text);
  }

  #close() {
    if (!this.run) return;
    this.run.closeStdin();
    this.#enable(false);
  }
}
