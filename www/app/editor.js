// The code editor: CodeMirror 6 with Python highlighting, line numbers, four-space
// indents and Tab to indent (Esc, then Tab, leaves it); Ctrl/Cmd-Enter runs.

import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { python } from '@codemirror/lang-python';

export class Editor {
  // `onRun()` for Ctrl/Cmd-Enter; `hintId` names the element describing the keys.
  constructor(parent, { code, label, hintId, onRun }) {
    this.labels = new Compartment();
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: code,
        extensions: [
          // Above basicSetup, whose Mod-Enter would insert a blank line.
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }])),
          basicSetup,
          keymap.of([indentWithTab]),
          indentUnit.of('    '),
          python(),
          this.labels.of(labelled(label)),
          EditorView.contentAttributes.of({ 'aria-describedby': hintId }),
        ],
      }),
    });
  }

  get code() {
    return this.view.state.doc.toString();
  }

  set code(text) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  setLabel(label) {
    this.view.dispatch({ effects: this.labels.reconfigure(labelled(label)) });
  }
}

function labelled(label) {
  return EditorView.contentAttributes.of({ 'aria-label': label });
}
