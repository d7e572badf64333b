// Children made from a template (src/engine/template.rs): a fresh child, set up and still
// alone in its memory, lets the page copy that memory; a later child restores the copy
// into its own before it enters the engine at `weft_resume` instead of `_start`.

const PAGE = 65536;

// The pages of `memory` from `start` on that hold anything (a set-up child: its first
// 17 MB, and malloc's mark in the last page), in one SharedArrayBuffer that every later
// child reads: { pages (the memory's size), runs: [[address, offset, length]], bytes }.
export function takeTemplate(memory, start) {
  const words = new Uint32Array(memory.buffer);
  const pages = memory.buffer.byteLength / PAGE;
  const used = (page) => {
    for (let i = (page * PAGE) / 4, end = i + PAGE / 4; i < end; i++) if (words[i]) return true;
    return false;
  };
  const runs = [];
  let size = 0;
  // From the page holding `start`: the stack below it is dead in both instances.
  for (let page = Math.floor(start / PAGE); page < pages; page++) {
    if (!used(page)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[2] === page * PAGE) last[2] += PAGE;
    else runs.push([page * PAGE, size, PAGE]);
    size += PAGE;
  }
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  for (const [address, offset, length] of runs) bytes.set(new Uint8Array(memory.buffer, address, length), offset);
  return { pages, runs, bytes };
}

// Makes `memory` (freshly instantiated on) the template's.
export function restoreTemplate(memory, { pages, runs, bytes }) {
  const grow = pages - memory.buffer.byteLength / PAGE;
  if (grow > 0) memory.grow(grow);
  const into = new Uint8Array(memory.buffer);
  for (const [address, offset, length] of runs) into.set(bytes.subarray(offset, offset + length), address);
}
